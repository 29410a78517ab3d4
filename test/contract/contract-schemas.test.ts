import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { contractSchemas, SCHEMAS_DIR, serializeSchema } from '../../server/contract/contract-schemas.js'
import { buildTestApp, FIXTURES, postForm, readJsonFixture } from '../support/helpers.js'

function committed (file: string): string {
  return readFileSync(join(SCHEMAS_DIR, file), 'utf8')
}

const ajv = new Ajv2020({ strict: true })
for (const file of readdirSync(SCHEMAS_DIR)) ajv.addSchema(JSON.parse(committed(file)))

function validator (file: string) {
  const validate = ajv.getSchema(file)
  if (validate === undefined) throw new Error(`no schema ${file}`)
  return validate
}

const errorFixtures = [
  ...readdirSync(join(FIXTURES, 'responses')).filter((name) => name.startsWith('documented-') && name !== 'documented-success.json'),
  ...readdirSync(join(FIXTURES, 'responses', 'inferred')).map((name) => `inferred/${name}`),
]

describe('the JSON Schemas in contracts/schemas', () => {
  it('are exactly what the server\'s schemas export (run `npm run schemas` after changing them)', () => {
    const exported = contractSchemas()
    expect(readdirSync(SCHEMAS_DIR).sort()).toEqual(Object.keys(exported).sort())
    for (const [file, schema] of Object.entries(exported)) expect(committed(file)).toBe(serializeSchema(schema))
  })

  it('accept a success body the mock sends, and the golden one', async () => {
    const validate = validator('success-envelope.schema.json')
    const live = (await postForm(await buildTestApp(), 'HXSCHEMA')).json()
    expect(validate(live)).toBe(true)
    expect(validate(readJsonFixture('responses/seeded-success.json'))).toBe(true)
  })

  it.each(errorFixtures)('accept the error envelope %s', (fixture) => {
    expect(validator('error-envelope.schema.json')(readJsonFixture(`responses/${fixture}`))).toBe(true)
  })

  it('tell a success body from an error body', () => {
    expect(validator('error-envelope.schema.json')(readJsonFixture('responses/seeded-success.json'))).toBe(false)
    expect(validator('success-envelope.schema.json')(readJsonFixture('responses/documented-already-submitted.json'))).toBe(false)
  })

  it('reject a success body with a field the API never sends', () => {
    const body = readJsonFixture('responses/seeded-success.json') as { data: Array<Record<string, unknown>> }
    body.data[0].activation_request_id = 'ar_1'
    expect(validator('success-envelope.schema.json')(body)).toBe(false)
  })
})
