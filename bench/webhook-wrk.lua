-- wrk script for bench/webhook.mjs: every request is a distinct DOCKET_ALERT delivery
-- (unique Idempotency-Key), mostly noise like real dockets; prints one summary line.
local counter = 0
local tag = tostring(math.random(1, 1e9))
local body = '{"webhook":{"version":2,"event_type":1},"payload":{"results":[{"id":%d,"docket":5001,"entry_number":%d,' ..
  '"date_filed":"2031-01-02","date_modified":"2031-01-02T10:00:00.000000-08:00",' ..
  '"description":"NOTICE OF ATTORNEY APPEARANCE: counsel %d appearing for Defendant.","short_description":"","recap_documents":[]}]}}'

request = function()
  counter = counter + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "wrk-" .. tag .. "-" .. counter },
    string.format(body, 2000000 + counter, counter, counter))
end

done = function(summary, latency, requests)
  io.write(string.format("WRK requests=%d seconds=%.2f p50=%.2f p99=%.2f max=%.2f non2xx=%d\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status))
end
