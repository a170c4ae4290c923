-- wrk script for bench/webhook.mjs: every request is a distinct DOCKET_ALERT delivery (unique
-- Idempotency-Key), noise like most docket entries; prints one summary line.
--
-- Debian's wrk has no fixed-rate option, so the rate is paced here: each connection waits a random
-- gap before its next request, exponential with mean WRK_GAP_MS (Poisson arrivals, so connections
-- do not fall into step and send in bursts). Rate ≈ connections × 1000 / (gap + latency): the bench
-- reports the rate achieved, not the one asked for.
local gap = tonumber(os.getenv("WRK_GAP_MS") or "0")
local tag = os.getenv("WRK_TAG") or tostring(os.time())
local counter = 0
local body = '{"webhook":{"version":2,"event_type":1},"payload":{"results":[{"id":%d,"docket":5001,"entry_number":%d,' ..
  '"date_filed":"2031-01-02","date_modified":"2031-01-02T10:00:00.000000-08:00",' ..
  '"description":"NOTICE OF ATTORNEY APPEARANCE: counsel %d appearing for Defendant.","short_description":"","recap_documents":[]}]}}'

init = function(args)
  math.randomseed(os.time())
end

delay = function()
  if gap <= 0 then return 0 end
  -- wrk takes whole milliseconds: round at random so the mean stays the fractional gap.
  local ms = -math.log(1 - math.random()) * gap
  return math.floor(ms + math.random())
end

request = function()
  counter = counter + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "wrk-" .. tag .. "-" .. counter },
    string.format(body, 2000000 + counter, counter, counter))
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK requests=%d seconds=%.3f p50=%.3f p99=%.3f max=%.3f non2xx=%d socketerrors=%d\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
