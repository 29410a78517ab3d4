import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, describe, expect, it } from 'vitest'
import { ADMIN_ROUTE_GROUPS } from '../../server/http/admin-route-table.js'
import { CONFIG_OPTIONS } from '../../server/cli/config-options.js'
import { freePort, ROOT, spawnCli, spawnProcess, waitUntilHealthy } from '../support/server-helpers.js'

describe('the kaleyra-mock command', () => {
  it('--help lists the commands and every option with its variable, and exits 0', async () => {
    const cli = spawnCli(['--help'])
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.output()).toMatch(/^kaleyra-mock: a faithful mock/)
    expect(cli.output()).toMatch(/Usage: kaleyra-mock \[command\] \[options\]/)
    // The summaries start in one column, after the longest command's name.
    expect(cli.output()).toMatch(/^ {2}serve {8}serve the mock/m)
    expect(cli.output()).toMatch(/^ {2}healthcheck {2}exit 0 when/m)
    for (const option of Object.values(CONFIG_OPTIONS)) expect(cli.output()).toMatch(new RegExp(`--${option.flag} <value> +${option.env} `))
  })

  it('answers `help` as --help, and `help <command>` with that command\'s own usage', async () => {
    const flag = spawnCli(['--help'])
    const word = spawnCli(['help'])
    expect(await word.exited).toEqual({ code: 0, signal: null })
    await flag.exited
    expect(word.output()).toBe(flag.output())
    const verify = spawnCli(['help', 'verify'])
    expect(await verify.exited).toEqual({ code: 0, signal: null })
    expect(verify.output()).toMatch(/^Usage: kaleyra-mock verify </)
    const wait = spawnCli(['help', 'wait'])
    expect(await wait.exited).toEqual({ code: 0, signal: null })
    expect(wait.output()).toMatch(/^Usage: kaleyra-mock wait /)
  })

  it.each([['--version'], ['-v']])('%s prints the package\'s version and exits 0', async (flag) => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
    const cli = spawnCli([flag])
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.output()).toBe(`${version}\n`)
  })

  it('`healthcheck` exits 0 while a mock answers health on the configured port, and 1 where nothing listens', async () => {
    const port = await freePort()
    const cli = spawnCli(['--port', String(port), '--log-level', 'silent'])
    await waitUntilHealthy(`http://127.0.0.1:${port}`)
    const healthy = spawnCli(['healthcheck'], { PORT: String(port) })
    expect(await healthy.exited).toEqual({ code: 0, signal: null })
    cli.child.kill('SIGTERM')
    await cli.exited
    const down = spawnCli(['healthcheck'], { PORT: String(port) })
    expect(await down.exited).toEqual({ code: 1, signal: null })
    const help = spawnCli(['help', 'healthcheck'])
    expect(await help.exited).toEqual({ code: 0, signal: null })
    expect(help.output()).toMatch(/^Usage: kaleyra-mock healthcheck\n/)
  })

  it('--help lists the admin route table\'s groups, one line each, in the table\'s order', async () => {
    const cli = spawnCli(['--help'])
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    const section = cli.output().split('Admin API under /__admin (see the README):\n')[1]!.trimEnd().split('\n')
    expect(section.map((line) => /^ {2}(\S+) +(\S.*)$/.exec(line)?.slice(1))).toEqual(Object.entries(ADMIN_ROUTE_GROUPS).map(([group, { label = group, help }]) => [label, help]))
    expect(section).toContain('  accounts/:sid    read, seed or reset one account')
  })

  it('serves on the port it is given, logs JSON lines, and exits 0 on SIGTERM', async () => {
    const port = await freePort()
    const cli = spawnCli(['--port', String(port), '--seed', 'cli'])
    const url = `http://127.0.0.1:${port}`
    await waitUntilHealthy(url)
    await request(url).post('/v1/HXCLI/whatsapp/activation').set('api-key', 'secret-api-key').set('content-type', 'application/json').send('{}').expect(400)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    const lines = cli.output().trim().split('\n').map((line) => JSON.parse(line))
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining([`Server listening at ${url}`, 'request completed', 'shutting down: finishing in-flight requests']))
    const activation = lines.find((line) => line.url === '/v1/HXCLI/whatsapp/activation')
    expect(activation).toMatchObject({ level: 30, method: 'POST', statusCode: 400, code: 'E413', rule: 'required' })
    expect(cli.output()).not.toMatch(/secret-api-key/)
  })

  it('with --log-format pretty writes lines for a person (no colour off a terminal), credentials still redacted', async () => {
    const port = await freePort()
    const cli = spawnCli(['--port', String(port), '--log-format', 'pretty'])
    const url = `http://127.0.0.1:${port}`
    await waitUntilHealthy(url)
    await request(url).post('/v1/HXPRETTY/whatsapp/activation').set('api-key', 'secret-api-key').set('content-type', 'application/json').send('{}').expect(400)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    const output = cli.output()
    expect(output).toMatch(new RegExp(`^\\[\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\] INFO: inspector: ${url}/__admin/ui$`, 'm'))
    expect(output).toMatch(/^\[[\d:.]+\] INFO: shutting down: finishing in-flight requests$/m)
    expect(output).toMatch(/^ {4}rule: "required"$/m)
    expect(output).not.toMatch(/^\{/m)
    expect(output).not.toContain('\u001b[')
    expect(output).not.toMatch(/secret-api-key/)
  })

  it('in the image (MOCK_IN_CONTAINER=1) logs the inspector at the host it listens on and says the port is the container\'s', async () => {
    const port = await freePort()
    const cli = spawnCli(['--port', String(port), '--host', '0.0.0.0'], { MOCK_IN_CONTAINER: '1' })
    await waitUntilHealthy(`http://127.0.0.1:${port}`)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    const line = cli.output().trim().split('\n').map((text) => JSON.parse(text) as { msg: string, url?: string }).find((entry) => entry.url !== undefined)
    expect(line).toMatchObject({ url: `http://0.0.0.0:${port}/__admin/ui`, containerPort: port })
    expect(line?.msg).toBe(`inspector: http://0.0.0.0:${port}/__admin/ui (port ${port} is the container's: open the host port it is published on, e.g. -p 127.0.0.1:8080:${port} gives http://127.0.0.1:8080/__admin/ui)`)
  })

  it('started by npm (npx, npm start) through a shell, stops once that shell is killed: stopping npm by its PID stops the server', async () => {
    const port = await freePort()
    // What npm exec runs: sh -c with the bin; `; exit $?` keeps the shell as the server's parent, as npm's does.
    const shell = spawnProcess('sh', ['-c', `"${process.execPath}" "${join(ROOT, 'dist', 'bundle', 'cli.cjs')}" serve --port ${port}; exit $?`], { npm_lifecycle_event: 'npx' })
    await waitUntilHealthy(`http://127.0.0.1:${port}`)
    const serverGone = new Promise((resolve) => shell.child.stdout!.once('close', resolve))
    shell.child.kill('SIGKILL')
    await serverGone
    const lines = shell.output().trim().split('\n').map((line) => JSON.parse(line) as { msg: string, signal?: string })
    expect(lines.find((line) => line.msg === 'shutting down: finishing in-flight requests')).toMatchObject({ signal: 'parent exited' })
    expect(await fetch(`http://127.0.0.1:${port}/__admin/health`).then(() => 'answered', () => 'refused')).toBe('refused')
  })

  it('takes its settings from the environment too', async () => {
    const port = await freePort()
    const cli = spawnCli([], { PORT: String(port), LOG_LEVEL: 'silent', MOCK_ADMIN_TOKEN: 'tok' })
    const url = `http://127.0.0.1:${port}`
    await waitUntilHealthy(url)
    await request(url).get('/__admin/requests').expect(401)
    await request(url).get('/__admin/requests').set('authorization', 'Bearer tok').expect(200)
    cli.child.kill('SIGINT')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.output()).toBe('')
  })

  it.each([
    [['--port', 'x'], 'kaleyra-mock: --port must be a whole number from 0 to 65535; got "x".\n'],
    [['--nope'], 'kaleyra-mock: Unknown option \'--nope\'. Run with --help for the options.\n'],
    [['launch'], 'kaleyra-mock: unknown command "launch". Run kaleyra-mock --help for the commands.\n'],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const cli = spawnCli(args)
    expect(await cli.exited).toEqual({ code: 2, signal: null })
    expect(cli.output()).toBe(message)
  })

  it('refuses a state file in a missing directory before listening, naming the path and the OS error', async () => {
    const cli = spawnCli(['--state-file', '/nonexistent/state.json'])
    expect(await cli.exited).toEqual({ code: 2, signal: null })
    expect(cli.output()).toMatch(/^kaleyra-mock: MOCK_STATE_FILE \/nonexistent\/state.json cannot be written: ENOENT: no such file or directory/)
  })

  it('refuses an unreadable accounts file before listening', async () => {
    const cli = spawnCli(['--accounts-file', '/nonexistent/accounts.json'])
    expect(await cli.exited).toEqual({ code: 2, signal: null })
    expect(cli.output()).toMatch(/^kaleyra-mock: MOCK_ACCOUNTS_FILE \/nonexistent\/accounts.json could not be read as JSON: ENOENT/)
  })
})

describe('kaleyra-mock verify', () => {
  it('passes the project\'s own pacts through the real bin', async () => {
    const cli = spawnCli(['verify', 'contracts/pacts'])
    expect(await cli.exited).toEqual({ code: 0, signal: null })
  })

  it('exits 1 on a pact that expects what the real API would not do', async () => {
    const cli = spawnCli(['verify', 'contracts/bad-pacts/expects-201-created.json'])
    expect(await cli.exited).toEqual({ code: 1, signal: null })
    expect(cli.output()).toMatch(/FAILED/)
  })
})

describe('kaleyra-mock without the optional Pact verifier', () => {
  // The built bin copied where no node_modules folder is above it: what an install without
  // optional dependencies (npm install --omit=optional) leaves.
  const bare = mkdtempSync(join(tmpdir(), 'kaleyra-mock-bare-'))
  cpSync(join(ROOT, 'dist', 'bundle'), bare, { recursive: true })
  afterAll(() => { rmSync(bare, { recursive: true, force: true }) })

  it('still serves', async () => {
    const port = await freePort()
    const cli = spawnProcess(process.execPath, [join(bare, 'cli.cjs'), '--port', String(port), '--log-level', 'silent'], {}, bare)
    await waitUntilHealthy(`http://127.0.0.1:${port}`)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
  })

  it('verify says what is missing and how to get it, and exits 1', async () => {
    const cli = spawnProcess(process.execPath, [join(bare, 'cli.cjs'), 'verify', join(ROOT, 'contracts', 'pacts')], {}, bare)
    expect(await cli.exited).toEqual({ code: 1, signal: null })
    expect(cli.output()).toBe([
      'kaleyra-mock verify needs Pact\'s verifier, @pact-foundation/pact-core, an optional dependency that is not installed here (it cannot be found).',
      'Install it beside the mock: npm install @pact-foundation/pact-core',
      'or use the image, which has it: docker run --rm -v "$PWD/pacts:/pacts:ro" IMAGE verify /pacts',
      '',
    ].join('\n'))
  })
})
