"""The per-snapshot memo's early start (shell._Memo.start, used by svf.start_queries): a value started on
a worker thread is the one a later get returns, built once; a failed start is built again by get (its
error then raised where the page asks)."""

import threading

import pytest

from ui import shell


def test_a_started_value_is_waited_for_and_built_once():
    memo = shell._Memo(10)
    go, calls = threading.Event(), []

    def slow():
        go.wait(5)
        calls.append("worker")
        return ["result"]

    memo.start("k", slow)
    memo.start("k", slow)  # already under way: not started twice
    threading.Timer(0.05, go.set).start()
    got = memo.get("k", lambda: calls.append("page") or ["other"])
    assert got == ["result"] and calls == ["worker"]
    assert memo.get("k", lambda: ["other"]) is got  # kept like any other value
    memo.start("k", lambda: calls.append("again"))  # here already: nothing started
    assert calls == ["worker"]


def test_a_failed_start_is_built_by_the_page_and_raises_there():
    memo = shell._Memo(10)

    def fail():
        raise ValueError("okänd region")

    memo.start("bad", fail)
    with pytest.raises(ValueError, match="okänd region"):
        memo.get("bad", fail)
    assert memo.get("bad", lambda: 42) == 42  # not kept as a failure


def test_a_finished_start_is_kept_even_if_nobody_asked_yet():
    memo = shell._Memo(2)
    done = threading.Event()
    memo.start("a", lambda: done.set() or 1)
    done.wait(5)
    for _ in range(100):  # the done callback runs just after the value is made
        if "a" in memo.items:
            break
        threading.Event().wait(0.01)
    assert memo.items.get("a") == 1 and not memo.pending


def test_a_start_still_queued_is_withdrawn_and_built_by_the_page():
    memo = shell._Memo(10)
    release = threading.Event()
    busy = [shell._POOL.submit(release.wait, 5) for _ in range(shell._POOL._max_workers)]  # every worker busy
    try:
        memo.start("q", lambda: ["worker"])
        assert memo.get("q", lambda: ["page"]) == ["page"]  # not waiting behind the others
    finally:
        release.set()
        for b in busy:
            b.result(5)
    assert memo.get("q", lambda: ["again"]) == ["page"] and not memo.pending
