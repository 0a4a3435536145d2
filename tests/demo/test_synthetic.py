"""The synthetic demo issues read like a paper: varied headlines, bodies of real length."""

import random
import statistics

from demo import synthetic
from demo.articles import SYNTHETIC_ACTIONS, SYNTHETIC_SUBJECTS


def _items(seed: int, count: int = 400):
    rng = random.Random(seed)
    return [
        (
            synthetic.headline(rng, "临县", "开展消费扶贫"),
            synthetic.body(rng, "临县", "开展消费扶贫", "高鹏"),
        )
        for _ in range(count)
    ]


def test_headlines_vary():
    """The old demo repeated ~200 headlines (place + action); composed ones rarely repeat."""
    rng = random.Random(1)
    headlines = [
        synthetic.headline(rng, rng.choice(SYNTHETIC_SUBJECTS), rng.choice(SYNTHETIC_ACTIONS))
        for _ in range(1000)
    ]
    assert len(set(headlines)) > 900
    place_and_action = [headline for headline, _ in _items(1)]
    assert len(set(place_and_action)) > 100  # even one place and action reads many ways


def test_bodies_have_the_length_of_real_items():
    lengths = [len(body) for _, body in _items(2)]
    assert min(lengths) >= 800 and max(lengths) <= 2000
    assert 1000 <= statistics.median(lengths) <= 1400
    assert len(set(lengths)) > 200  # spread out, not one length


def test_the_same_seed_gives_the_same_paper():
    assert _items(3, 20) == _items(3, 20)
    assert _items(3, 20) != _items(4, 20)


def test_a_longer_median_asked_for_gives_longer_bodies():
    """load_demo --body-median 1500: the long-tail benchmark's articles of 1,500 characters."""
    rng = random.Random(5)
    lengths = [len(synthetic.body(rng, "临县", "开展消费扶贫", "高鹏", 1500)) for _ in range(400)]
    assert 1300 <= statistics.median(lengths) <= 1700
    assert min(lengths) >= 1000 and max(lengths) <= 2500
