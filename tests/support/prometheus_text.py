"""Reading Prometheus' text exposition in tests: scrape an endpoint, look samples up by name and labels."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import requests
from prometheus_client.parser import text_string_to_metric_families


@dataclass
class Samples:
    """Sample values by (sample name, sorted labels); several scrapes add up (workers of a deployment)."""

    values: dict[tuple[str, tuple[tuple[str, str], ...]], float] = field(
        default_factory=lambda: defaultdict(float)
    )

    def add_text(self, text: str) -> Samples:
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                self.values[(sample.name, tuple(sorted(sample.labels.items())))] += sample.value
        return self

    def get(self, name: str, **labels: str) -> float:
        """The value of one series (0 when absent)."""
        return self.values.get((name, tuple(sorted(labels.items()))), 0.0)

    def by(self, name: str, label: str) -> dict[str, float]:
        """``name``'s values by one label's value (summed over the others)."""
        found: dict[str, float] = defaultdict(float)
        for (sample, labels), value in self.values.items():
            if sample == name:
                found[dict(labels)[label]] += value
        return dict(found)

    def total(self, name: str) -> float:
        return sum(value for (sample, _), value in self.values.items() if sample == name)


def scrape(url: str, token: str | None = None) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.get(url, headers=headers, timeout=10)
    response.raise_for_status()
    assert response.headers["Content-Type"].startswith("text/plain")
    return response.text
