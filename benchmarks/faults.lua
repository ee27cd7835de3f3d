-- One request in a hundred goes to /demo/fail (the handler throws); the rest to a small JSON.
-- Counts the answers by status and whether every 500 was application/problem+json.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, problem500, other500, other = 0, 0, 0, 0
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  if math.random() < 0.01 then
    return wrk.format("GET", "/demo/fail")
  end
  return wrk.format("GET", "/demo/slow?ms=0")
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 500 then
    local type = headers["Content-Type"] or ""
    if string.find(type, "application/problem+json", 1, true) and string.find(body, "\"status\":500", 1, true) then
      problem500 = problem500 + 1
    else
      other500 = other500 + 1
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, p, x, y = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    o = o + thread:get("ok")
    p = p + thread:get("problem500")
    x = x + thread:get("other500")
    y = y + thread:get("other")
  end
  io.write(string.format("FAULTS 200=%d 500-problem=%d 500-other=%d other=%d\n", o, p, x, y))
end
