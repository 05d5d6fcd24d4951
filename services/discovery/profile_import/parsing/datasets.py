"""The shared real-world datasets discovery's tests import (see `shared.datasets`)."""

from shared.datasets import DATASETS_DIR

INSTAGRAM_TOP_1000_DEC_2022 = DATASETS_DIR / "instagram-top1000-dec2022" / "Instagram_Dec.csv"
