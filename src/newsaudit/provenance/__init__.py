"""Provenance: which archived original a page copies, and what it inserted, dropped and reworded.

``words`` normalises text into comparable words, ``fingerprints`` samples their
shingles, ``archive`` keeps originals in an on-disk index that returns candidates
for a page, and ``align`` compares a page with its sources word by word.
"""
