"""Where the shared real-world datasets live: ../shared/datasets next to the repository.

They are never copied into the repository (their licences are unverified; see each SOURCE.md).
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
DATASETS_DIR = REPO_ROOT.parent / "shared" / "datasets"
INSTAGRAM_TOP_1000_DEC_2022 = DATASETS_DIR / "instagram-top1000-dec2022" / "Instagram_Dec.csv"
