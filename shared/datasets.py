"""Where the shared real-world datasets live: ../shared/datasets next to the repository.

They are never copied into the repository (their licences are unverified; see each SOURCE.md).
Tests that read one skip with a clear reason where the folder is absent (`dataset` marker).
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATASETS_DIR = REPO_ROOT.parent / "shared" / "datasets"
