-- Drives copilot-lint's language server through Neovim's built-in LSP client (Neovim 0.7+),
-- headless, as tests/test_neovim.py asks: open a manifest and an addon template, wait for
-- diagnostics, hover keys, complete keys and values, go to the definition of a secret, ask for
-- code lenses and inlay hints, apply a quick fix and fix-all, and see the diagnostics update.
-- Every answer goes to a JSON file; the test checks it. Parameters come from the environment.

local python = os.getenv("NVIM_TEST_PYTHON")
local root = os.getenv("NVIM_TEST_ROOT")
local out_path = os.getenv("NVIM_TEST_OUT")
local out = { errors = {} }
local TIMEOUT = 60000

local function finish()
  local file = io.open(out_path, "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd("qa!")
end

local function fail(message)
  table.insert(out.errors, message)
end

local client_id = vim.lsp.start_client({
  name = "copilot-lint",
  cmd = { python, "-m", "copilot_lint", "lsp" },
  root_dir = root,
  init_options = { cfnLint = false },
})
local client = vim.lsp.get_client_by_id(client_id)

local function open(relative)
  vim.cmd("edit " .. vim.fn.fnameescape(root .. "/" .. relative))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

local function codes(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(found, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  table.sort(found)
  return found
end

local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT, predicate, 50) then
    fail("timed out waiting for " .. what)
    return false
  end
  return true
end

local function request(buf, method, params)
  local answers = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  for _, answer in pairs(answers or {}) do
    if answer.err then
      fail(method .. ": " .. vim.inspect(answer.err))
    end
    return answer.result
  end
  fail(method .. ": no answer")
end

local function at(buf, row, col)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = row, character = col } }
end

local function find(buf, needle)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return row - 1, col - 1
    end
  end
  fail("not found: " .. needle)
  return 0, 0
end

-- (a hover answers from the lint of the buffer as it is; right after a file is opened that
-- lint may still be running, so ask again until it answers)
local function hover(buf, needle, offset)
  local row, col = find(buf, needle)
  local shown = vim.NIL
  wait_for("a hover on " .. needle, function()
    local result = request(buf, "textDocument/hover", at(buf, row, col + (offset or 0)))
    shown = result and result.contents and result.contents.value or vim.NIL
    return shown ~= vim.NIL
  end)
  return shown
end

local function labels(result)
  local found = {}
  for _, item in ipairs((result and (result.items or result)) or {}) do
    table.insert(found, item.label)
  end
  return found
end

local function text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
end

-- 1. a manifest: diagnostics, hovers, completion, definition, code lens, inlay hints
local web = open("copilot/web/manifest.yml")
if wait_for("diagnostics of web/manifest.yml", function() return #vim.diagnostic.get(web) > 0 end) then
  out.web_codes = codes(web)
end
out.hover = {
  type = hover(web, "type:"), image = hover(web, "image:"), http = hover(web, "http:"),
  http_path = hover(web, "path: /", 1), image_build = hover(web, "build:"),
  count = hover(web, "count: 1"), exec = hover(web, "exec:"),
}
local worker = open("copilot/worker/manifest.yml")
wait_for("diagnostics of worker/manifest.yml", function() return #vim.diagnostic.get(worker) > 0 end)
out.hover.secrets = hover(worker, "secrets:")
local env = open("copilot/environments/prod/manifest.yml")
out.hover.environment = hover(env, "observability:")
local pipeline = open("copilot/pipelines/release/manifest.yml")
wait_for("diagnostics of the pipeline", function() return #vim.diagnostic.get(pipeline) > 0 end)
out.hover.pipeline = hover(pipeline, "stages:")

vim.api.nvim_set_current_buf(web)
local row = find(web, "http:")
vim.api.nvim_buf_set_lines(web, row + 1, row + 1, false, { "  " })
out.complete_http = labels(request(web, "textDocument/completion", at(web, row + 1, 2)))
vim.api.nvim_buf_set_lines(web, row + 1, row + 2, false, {})
local cpu = find(web, "cpu: 512")
out.complete_memory = labels(request(web, "textDocument/completion", at(web, cpu + 1, 8)))
vim.wait(3000, function() return false end, 50)

vim.api.nvim_set_current_buf(worker)
local secret_row, secret_col = find(worker, "/copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/db")
local targets = request(worker, "textDocument/definition", at(worker, secret_row, secret_col + 3)) or {}
out.definition = {}
for _, target in ipairs(targets) do
  table.insert(out.definition, { uri = target.uri, line = target.range.start.line })
end

vim.api.nvim_set_current_buf(web)
wait_for("a lint of the restored web manifest", function()
  local lenses = request(web, "textDocument/codeLens", { textDocument = { uri = vim.uri_from_bufnr(web) } })
  out.code_lenses = {}
  for _, lens in ipairs(lenses or {}) do
    table.insert(out.code_lenses, { line = lens.range.start.line, title = lens.command.title })
  end
  return #out.code_lenses > 0
end)
local hints = request(web, "textDocument/inlayHint", {
  textDocument = { uri = vim.uri_from_bufnr(web) },
  range = { start = { line = 0, character = 0 }, ["end"] = { line = 100, character = 0 } },
}) or {}
out.inlay_hints = {}
for _, hint in ipairs(hints) do
  table.insert(out.inlay_hints, { line = hint.position.line, label = hint.label })
end

-- 2. an addon template: the CL301 quick fix, then the diagnostics update
local media = open("copilot/web/addons/media.yml")
wait_for("CL301 in media.yml", function() return vim.tbl_contains(codes(media), "CL301") end)
out.media_codes_before = codes(media)
local fix_row = find(media, "BucketName: shop-media")
local actions = {}
wait_for("the quick fixes", function()
  actions = request(media, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(media) },
    range = { start = { line = fix_row, character = 18 }, ["end"] = { line = fix_row, character = 18 } },
    context = { diagnostics = {} },
  }) or {}
  return #actions > 0
end)
out.quick_fixes = {}
for _, action in ipairs(actions) do
  table.insert(out.quick_fixes, action.title)
  if action.title:find("^CL301") then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
end
out.media_after_fix = text(media)
wait_for("CL301 to go away after the fix", function()
  return not vim.tbl_contains(codes(media), "CL301")
end)
out.media_codes_after = codes(media)

-- 3. fix-all on the environment addon
local redis = open("copilot/environments/addons/redis.yml")
wait_for("CL301 in redis.yml", function() return vim.tbl_contains(codes(redis), "CL301") end)
-- (the diagnostics of a file are published before it is opened; actions come once the server
-- has linted the opened buffer)
local all = {}
wait_for("the fix-all action", function()
  all = request(redis, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(redis) },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
    context = { diagnostics = {}, only = { "source.fixAll" } },
  }) or {}
  return #all > 0
end)
out.fix_all = {}
for _, action in ipairs(all) do
  table.insert(out.fix_all, action.kind)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
end
out.redis_after_fix_all = text(redis)
wait_for("CL301 to go away after fix-all", function()
  return not vim.tbl_contains(codes(redis), "CL301")
end)
out.redis_codes_after = codes(redis)

vim.lsp.stop_client(client_id)
finish()
