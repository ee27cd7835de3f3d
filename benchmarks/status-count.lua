-- Counts responses by status class across wrk's threads and prints them after the run.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, refused, other, withRetry = 0, 0, 0, 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    refused = refused + 1
    if headers["Retry-After"] then
      withRetry = withRetry + 1
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, r, x, w = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    o = o + thread:get("ok")
    r = r + thread:get("refused")
    x = x + thread:get("other")
    w = w + thread:get("withRetry")
  end
  io.write(string.format("STATUS 200=%d 503=%d other=%d 503-with-Retry-After=%d\n", o, r, x, w))
  io.write(string.format("P50_MS=%.2f P99_MS=%.2f MAX_MS=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
