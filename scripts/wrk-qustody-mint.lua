-- wrk script: Qustody mints against `mintsim serve`, each with its own Idempotency-Key.
-- QKEY=<treasury-ops key from the banner> wrk -t1 -c32 -d10s --latency -s scripts/wrk-qustody-mint.lua http://127.0.0.1:PORT
-- Keys carry the start time, so that a second run against the same server mints again instead of
-- replaying the first run's operations.
local prefix
local counter = 0
init = function(args)
  math.randomseed(os.time())
  prefix = "wrk-" .. os.time() .. "-" .. math.random(1, 1000000000)
end
request = function()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["X-API-Key"] = os.getenv("QKEY")
  headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format("POST", "/qustody/v1/tokens/token_ghi789/mint", headers,
    '{"amount": "1000", "recipient": {"type": "address", "address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"}}')
end
response = function(status, headers, body)
  if status ~= 202 or string.find(headers["idempotent-replayed"] or "", "true") then
    wrk.thread:stop()
  end
end
