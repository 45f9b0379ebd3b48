"""The cfn-lint pass's cache folder: entries used recently stay, old ones are pruned."""
from __future__ import annotations

import os
import time
from pathlib import Path

from copilot_lint.cfn import cache as cfn_cache

DAY = 24 * 60 * 60


def _entry(cache: cfn_cache.Cache, digest: str, age_days: float, now: float) -> Path:
    cache.put(digest, {"findings": []})
    path = cache.root / digest[:2] / f"{digest}.json"
    os.utime(path, (now - age_days * DAY, now - age_days * DAY))
    return path


def test_prune_removes_only_unused_entries_and_stale_temporary_files(tmp_path: Path) -> None:
    now = time.time()
    cache = cfn_cache.Cache(tmp_path)
    old = _entry(cache, "aa" * 32, cfn_cache.MAX_AGE_DAYS + 1, now)
    recent = _entry(cache, "ab" * 32, cfn_cache.MAX_AGE_DAYS - 1, now)
    used = _entry(cache, "ac" * 32, cfn_cache.MAX_AGE_DAYS + 5, now)
    assert cache.get("ac" * 32) is not None, "a read marks the entry used"
    stale_tmp = old.parent / ".tmp-x1.json"
    fresh_tmp = old.parent / ".tmp-x2.json"
    for path, age in ((stale_tmp, 2 / 24), (fresh_tmp, 0)):
        path.write_text("{")
        os.utime(path, (now - age * DAY, now - age * DAY))
    other = old.parent / "notes.txt"
    other.write_text("not ours")
    os.utime(other, (now - 400 * DAY, now - 400 * DAY))

    assert cache.prune(now) == 2
    assert not old.exists() and not stale_tmp.exists()
    assert recent.exists() and used.exists() and fresh_tmp.exists() and other.exists()


def test_prune_runs_at_most_once_a_day(tmp_path: Path) -> None:
    now = time.time()
    cache = cfn_cache.Cache(tmp_path)
    assert cache.prune(now) == 0
    old = _entry(cache, "aa" * 32, cfn_cache.MAX_AGE_DAYS + 1, now)
    assert cache.prune(now + DAY / 2) == 0 and old.exists()
    assert cache.prune(now + DAY + 1) == 1 and not old.exists()


def test_prune_never_fails(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cfn_cache.Cache(blocker).prune() == 0
    assert cfn_cache.Cache(tmp_path / "off", enabled=False).prune() == 0
    assert not (tmp_path / "off").exists()


def test_entries_are_read_and_written_only_inside_the_cache_folder(tmp_path: Path) -> None:
    cache = cfn_cache.Cache(tmp_path / "cache")
    digest = "ab" + "0" * 62
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / "cache" / "cfn-lint").mkdir(parents=True)
    os.symlink(outside, tmp_path / "cache" / "cfn-lint" / "ab")
    (outside / f"{digest}.json").write_text(f'{{"key": "{digest}", "findings": []}}')
    assert cache.get(digest) is None
    cache.put(digest, {"findings": []})
    assert os.listdir(outside) == [f"{digest}.json"]


def test_fifo_oversized_and_non_json_constants_are_misses(tmp_path: Path) -> None:
    cache = cfn_cache.Cache(tmp_path)
    digests = ["a1" + "0" * 62, "a2" + "0" * 62, "a3" + "0" * 62]
    for digest in digests:
        cache.put(digest, {"findings": []})
    fifo, big, nan = (cache.root / d[:2] / f"{d}.json" for d in digests)
    fifo.unlink()
    os.mkfifo(fifo)
    big.write_text(f'{{"key": "{digests[1]}", "findings": [], "pad": "'
                   + "x" * cfn_cache.MAX_ENTRY_BYTES + '"}')
    nan.write_text(f'{{"key": "{digests[2]}", "findings": [], "timeout": NaN}}')
    assert [cache.get(d) for d in digests] == [None, None, None]  # never blocks on the FIFO
    assert cache.misses == 3


def test_a_planted_prune_marker_link_is_replaced_not_followed(tmp_path: Path) -> None:
    """``cfn-lint/.last-prune -> elsewhere``: the prune neither creates nor touches its target."""
    now = time.time()
    outside = tmp_path / "outside"
    outside.mkdir()
    target, existing = outside / "created-by-prune", outside / "touched-by-prune"
    existing.write_text("x")
    os.utime(existing, (now - 400 * DAY, now - 400 * DAY))
    cache = cfn_cache.Cache(tmp_path / "cache")
    cache.root.mkdir(parents=True)
    for planted in (target, existing):
        marker = cache.root / ".last-prune"
        marker.unlink(missing_ok=True)
        marker.symlink_to(planted)
        cache.prune(now)
        assert not marker.is_symlink() and marker.is_file()
    assert not target.exists()
    assert existing.stat().st_mtime < now - 300 * DAY


def test_a_linked_cache_folder_or_shard_is_never_entered(tmp_path: Path) -> None:
    """A restored cache whose ``cfn-lint/`` folder (or a shard) is a link: no entry is written
    there, and nothing old there is deleted."""
    now = time.time()
    outside = tmp_path / "outside"
    victim = outside / "ab" / ("ab" * 32 + ".json")
    victim.parent.mkdir(parents=True)
    victim.write_text("{}")
    os.utime(victim, (now - 400 * DAY, now - 400 * DAY))
    linked_root = cfn_cache.Cache(tmp_path / "one")
    linked_root.root.parent.mkdir()
    linked_root.root.symlink_to(outside)
    linked_shard = cfn_cache.Cache(tmp_path / "two")
    linked_shard.root.mkdir(parents=True)
    (linked_shard.root / "ab").symlink_to(outside / "ab")
    for cache in (linked_root, linked_shard):
        cache.put("ac" * 32, {"findings": []})
        cache.put("ab" * 32, {"findings": []})
        assert cache.get("ab" * 32) is None
        cache.prune(now)
    assert victim.exists() and victim.read_text() == "{}"
    assert sorted(p.name for p in outside.rglob("*")) == ["ab", victim.name]
    assert linked_shard.get("ac" * 32) == {"findings": [], "key": "ac" * 32}
