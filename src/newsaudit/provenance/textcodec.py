"""How the archive stores texts: deflate with a preset dictionary of common English words.

Why a dictionary: an archived story is a few kilobytes, too short for deflate to learn its own
vocabulary before it ends, so most of its words are spelled out once. A 32 KiB dictionary of
words that news text uses (``data/archive_dictionary.txt``) lets them be back-references from
the first byte: 17% smaller texts on the benchmark's news (1,749 to 1,451 bytes a document,
``docs/BENCHMARKS.md``), with the zlib format's checksum kept. The dictionary is copied into
each archive when it is made, so a later change of the packaged file never orphans a stored text.

The packaged dictionary was built by ``python -m newsaudit.provenance.textcodec --data DIR`` from
FakeNewsCorpus's sample and Mozilla Readability's reference articles, not from the PolNeAR and
PTC originals the benchmark archives: words ranked by how many documents use them.
"""

from __future__ import annotations

import argparse
import csv
import re
import tarfile
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

#: deflate's window: a longer dictionary is cut to its last 32 KiB.
DICTIONARY_BYTES = 32 * 1024
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class TextCodec:
    """Compresses and restores archived texts with one preset dictionary (empty: plain zlib)."""

    dictionary: bytes = b""

    def compress(self, text: str) -> bytes:
        if not self.dictionary:
            return zlib.compress(text.encode("utf-8"))
        packer = zlib.compressobj(6, zlib.DEFLATED, 15, zlib.DEF_MEM_LEVEL, zlib.Z_DEFAULT_STRATEGY,
                                  zdict=self.dictionary)
        return packer.compress(text.encode("utf-8")) + packer.flush()

    def decompress(self, blob: bytes) -> str:
        if not self.dictionary:
            return zlib.decompress(blob).decode("utf-8")
        unpacker = zlib.decompressobj(15, zdict=self.dictionary)
        return (unpacker.decompress(blob) + unpacker.flush()).decode("utf-8")


def packaged_dictionary() -> str:
    """The dictionary new archives get (``data/archive_dictionary.txt``)."""
    return resources.files("newsaudit").joinpath("data/archive_dictionary.txt").read_text(encoding="utf-8")


def build_dictionary(texts: Iterable[str], size: int = DICTIONARY_BYTES) -> str:
    """Words (each after a space) used by the most documents, the commonest last: deflate's shortest distances."""
    used: Counter[str] = Counter()
    for text in texts:
        used.update(set(_WORD.findall(text)))
    ranked = sorted(((n, word) for word, n in used.items() if n >= 2), reverse=True)
    chosen: list[str] = []
    total = 0
    for _, word in ranked:
        piece = " " + word
        if total + len(piece.encode("utf-8")) > size:
            continue
        chosen.append(piece)
        total += len(piece.encode("utf-8"))
    return "".join(reversed(chosen))


def _generic_news(data: Path) -> Iterable[str]:
    """Article texts that the provenance benchmark does not archive: FakeNewsCorpus and Readability's pages."""
    import lxml.html

    csv.field_size_limit(1 << 30)
    with (data / "fakenewscorpus" / "news_sample_half.csv").open(encoding="utf-8", newline="") as handle:
        yield from (row["content"] for row in csv.DictReader(handle))
    with tarfile.open(data / "mozilla_readability_testpages" / "readability_test_pages.tar.xz") as tar:
        for member in tar:
            page = tar.extractfile(member) if member.name.endswith("/expected.html") else None
            if page is not None:
                yield lxml.html.fromstring(page.read()).text_content()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the archive's packaged text dictionary.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "data" / "archive_dictionary.txt")
    args = parser.parse_args(argv)
    args.out.write_text(build_dictionary(_generic_news(args.data)), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
