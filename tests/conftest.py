"""Suite-wide settings: no test may depend on how fast this machine is today."""

from hypothesis import HealthCheck, settings

# Hypothesis' deadline and too-slow health check time each example; on a loaded machine (CI, or
# pytest -n 2 beside other work) they fail correct tests. Timing goals live in benchmarks/.
settings.register_profile(
    "partwise-tests", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("partwise-tests")
