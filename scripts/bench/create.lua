-- wrk script for scripts/bench-emulator.sh: every request is a realistic Persona create with
-- its own Idempotency-Key and reference-id (unique per thread and request).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  counter = 0
  key = os.getenv("PERSONA_BENCH_API_KEY") or "persona_sandbox_00000000-0000-4000-8000-000000000000"  -- the emulator's built-in sandbox key
  prefix = string.format("bench-%d-%d", tid, os.time())
end

local template = '{"data":{"attributes":{"inquiry-template-id":"itmpl_BenchTemplate00000000000",' ..
  '"reference-id":"%s","note":"nightly import","tags":["nightly","bench"],' ..
  '"fields":{"name-first":"Jane","name-middle":null,"name-last":"Doe","birthdate":"1994-04-12",' ..
  '"email-address":"jane.doe@example.com","phone-number":"+14155550123",' ..
  '"address-street-1":"1 Market St","address-city":"San Francisco","address-subdivision":"California",' ..
  '"address-postal-code":"94105","address-country-code":"US"}}},' ..
  '"meta":{"auto-create-account-reference-id":"%s"}}'

function request()
  counter = counter + 1
  local ref = prefix .. "-" .. counter
  local headers = {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
    ["Persona-Version"] = "2023-01-05",
    ["Idempotency-Key"] = ref,
  }
  return wrk.format("POST", "/api/v1/inquiries", headers, string.format(template, ref, ref))
end
