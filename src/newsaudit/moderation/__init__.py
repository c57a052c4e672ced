"""Comment moderation: transparent lexicon rules that sit beside the trained comment classifier."""
