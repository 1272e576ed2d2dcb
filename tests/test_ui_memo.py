"""The per-snapshot memo's early start (shell._Memo.start, used by svf.start_queries): a value started on
a worker thread is the one a later get returns, built once; a failed start is built again by get (its
error then raised where the page asks)."""

import threading
import uuid
from types import SimpleNamespace

import pytest

from ui import shell


def test_a_started_value_is_waited_for_and_built_once():
    memo = shell._Memo(10)
    running, go, calls = threading.Event(), threading.Event(), []

    def slow():
        running.set()
        go.wait(5)
        calls.append("worker")
        return ["result"]

    fut = memo.start("k", slow)
    assert memo.start("k", slow) is fut  # already under way: not started twice
    assert running.wait(5)  # under way, not only queued (a queued one would be withdrawn by get)
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


def test_a_sessions_next_run_withdraws_its_last_runs_queued_starts(monkeypatch):
    """A filter change cuts a run short: what it started and is still queued is withdrawn at the next
    run's starts (it would only hold up the worker); what the next run starts again stays."""
    monkeypatch.setattr(shell.st, "session_state", {})
    ctx = SimpleNamespace(data=SimpleNamespace(root="/memo-test", version=str(uuid.uuid4())))
    release = threading.Event()
    busy = [shell._POOL.submit(release.wait, 5) for _ in range(shell._POOL._max_workers)]  # every worker busy
    try:
        shell.remember_soon(ctx, [("a", lambda: 1, ("x",)), ("b", lambda: 2, ("x",))])
        first = list(shell.st.session_state[shell._STARTED])
        assert len(first) == 2 and not any(f.done() for f in first)
        shell.remember_soon(ctx, [("b", lambda: 2, ("x",)), ("c", lambda: 3, ("x",))])
        assert first[0].cancelled() and not first[1].cancelled()  # a withdrawn, b wanted again
        assert first[1] in shell.st.session_state[shell._STARTED]
    finally:
        release.set()
        for f in busy:
            f.result(5)
    memo = shell._memo(ctx.data.root, ctx.data.version)
    assert first[1].result(5) == 2
    assert memo.get(("a", ("x",)), lambda: "built by the page") == "built by the page"


def test_one_memo_per_snapshot_even_when_threads_ask_at_once():
    key, start, got = str(uuid.uuid4()), threading.Barrier(8), []

    def ask():
        start.wait()
        got.append(shell._memo("/memo-test", key))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(5)
    assert len(got) == 8 and all(m is got[0] for m in got)
