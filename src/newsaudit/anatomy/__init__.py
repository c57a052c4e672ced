"""Rule-based page segmentation used by the anatomy stage (see stages/anatomy.py)."""
