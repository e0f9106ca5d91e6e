"""Cloudflare's official Python SDK, pointed at pooldeck-server with a
base-URL override, must work unchanged. Run by `cargo xtask sdk-check`.

Note: the SDK's `pools.create` has no `check_regions` parameter (the schema
lists it on PUT/PATCH only), while a non-Enterprise account must choose
regions; SDK users pass it with `extra_body`, as here.
"""
import os

import cloudflare

A = "0123456789abcdef0123456789abcdef"
cf = cloudflare.Cloudflare(
    api_token=os.environ["POOLDECK_TOKEN"], base_url=os.environ["POOLDECK_BASE"], max_retries=0
)

m = cf.load_balancers.monitors.create(
    account_id=A, type="http", expected_codes="2xx", path="/health", description="sdk monitor"
)
assert m.type == "http" and m.interval == 60, m

p = cf.load_balancers.pools.create(
    account_id=A,
    name="sdk-pool",
    origins=[{"name": "b", "address": "192.0.2.2"}, {"name": "a", "address": "192.0.2.1", "weight": 0.5}],
    monitor=m.id,
    extra_body={"check_regions": ["WEU"]},
)
assert [o.name for o in p.origins] == ["a", "b"], "endpoints come back sorted by name"
assert p.minimum_origins == 1 and p.enabled

assert cf.load_balancers.pools.get(p.id, account_id=A).name == "sdk-pool"
assert [x.name for x in cf.load_balancers.pools.list(account_id=A)] == ["sdk-pool"]
edited = cf.load_balancers.pools.edit(p.id, account_id=A, description="edited")
assert edited.description == "edited" and len(edited.origins) == 2, "PATCH keeps what it was not given"
refs = cf.load_balancers.pools.references.get(p.id, account_id=A)
assert [(r.reference_type, r.resource_type) for r in refs] == [("referral", "monitor")]

try:
    cf.load_balancers.pools.create(
        account_id=A,
        name="bad name",
        origins=[{"name": "x", "address": "10.0.0.1"}],
        extra_body={"check_regions": ["WEU"]},
    )
    raise AssertionError("an invalid pool was accepted")
except cloudflare.BadRequestError as err:
    assert [e["code"] for e in err.body["errors"]] == [1002, 1002], err.body

try:
    cf.load_balancers.monitors.delete(m.id, account_id=A)
    raise AssertionError("a monitor in use was deleted")
except cloudflare.APIStatusError as err:
    assert err.status_code == 412

policy = cf.alerting.policies.create(
    account_id=A,
    name="sdk alert",
    alert_type="load_balancing_health_alert",
    enabled=True,
    mechanisms={"email": [{"id": "ops@example.com"}]},
    filters={"pool_id": [p.id], "new_health": ["Unhealthy"]},
)
got = cf.alerting.policies.get(policy.id, account_id=A)
assert got.name == "sdk alert" and got.filters.new_health == ["Unhealthy"]
assert cf.load_balancers.pools.delete(p.id, account_id=A).id == p.id
cf.alerting.policies.delete(policy.id, account_id=A)
print("python SDK check: 12 checks passed, 0 failed")
