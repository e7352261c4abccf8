"""The shop's export API, as a resource: one call returns the day's orders and refunds."""

import random
import zlib

import partwise as dg


class ShopApi(dg.ConfigurableResource):
    """Reads the day's export; ``base_url`` is where the shop serves it."""

    base_url: str = "https://shop.example.com/api"

    def export(self, day: str) -> list[dict[str, object]]:
        """The day's lines: ``{"id", "kind": "order" | "refund", "amount"}``, the same every call."""
        rng = random.Random(zlib.crc32(day.encode()))
        lines: list[dict[str, object]] = []
        for n in range(rng.randint(20, 40)):
            kind = "refund" if rng.random() < 0.1 else "order"
            lines.append({"id": f"{day}-{n:03d}", "kind": kind, "amount": rng.randint(5, 200)})
        return lines


class ApiUnavailable(Exception):
    """The shop's API did not answer (a timeout, a 503): worth trying again."""
