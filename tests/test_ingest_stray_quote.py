"""A quote that opens a field and never closes makes the CSV reader take every following line into that
one record, which it then refuses. Nothing may vanish silently: the refused row names every line it
swallowed, and the summary says how many lines that was."""

from tests.test_ingest_load import SVF_HEADER, q, run, write


def test_an_unclosed_quote_names_every_line_it_swallowed(empty_store, tmp_path, capsys):
    f = write(tmp_path / "s.csv", SVF_HEADER + "\n"
              "P1,A,01,,brost,K,50,,2024-01-10,,,,,,,\n"              # line 2: fine
              "P2,A,01,\"Enhet utan slut,brost,K,50,,2024-01-10,,,,,,,\n"  # line 3: the quote never closes
              "P3,A,01,,brost,K,50,,2024-01-10,,,,,,,\n"              # line 4 } read into line 3's
              "P4,A,01,,brost,K,50,,2024-01-10,,,,,,,\n")             # line 5 } refused record
    assert run(empty_store, "svf", f) == 1
    err = capsys.readouterr().err
    assert f"{f}:3: ett citattecken (\") står fel på raden – posten sträcker sig över raderna 3–5, som alla " \
           "avvisades" in err
    assert "2 rader till ingår i avvisade poster som sträcker sig över flera rader" in err
    assert q(empty_store, "SELECT pathway_id FROM svf_pathway") == [("P1",)]
    (line, raw), = q(empty_store, "SELECT line_number, raw FROM rejected_row")
    assert line == 3 and raw.splitlines()[1].startswith("P3,") and raw.splitlines()[2].startswith("P4,")


def test_a_quoted_line_break_in_an_accepted_row_is_no_swallowing(empty_store, tmp_path, capsys):
    f = write(tmp_path / "s.csv", SVF_HEADER + "\n"
              "P1,A,01,\"Enhet\nmed radbrytning\",brost,K,50,,2024-01-10,,,,,,,\n"
              "P2,A,01\n")                                              # line 4: too few fields
    assert run(empty_store, "svf", f) == 1
    err = capsys.readouterr().err
    assert f"{f}:4: raden har för få fält (3 av 16)" in err
    assert "sträcker sig över" not in err and "rader till ingår" not in err
