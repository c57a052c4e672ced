"""Provenance: which archived original a page copies, and what it inserted, dropped and reworded.

``words`` normalises text into comparable words, ``fingerprints`` samples their
shingles, ``archive`` keeps originals in an on-disk index that returns candidates
for a page, and ``align`` compares a page with its sources word by word. Without
an archive, ``style`` describes how a stretch of text sounds and ``voice`` estimates
where a page's own voice starts and ends when no wire dateline marks the seam.
"""
