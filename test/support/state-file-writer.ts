// Claims accounts in a file-backed state as fast as it can, until it is killed.
import { createFileState } from '../../server/state/state-file.js'
import { activationFor } from './activations.js'

const state = await createFileState(process.argv[2])
for (let i = 0; ; i++) {
  const sid = `HXCRASH${i}`.padEnd(200, 'x')
  await state.accounts.claim(sid, (ids) => activationFor(sid, ids))
  if (i === 50) process.stdout.write('writing\n')
}
