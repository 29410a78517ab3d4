import { adminJson } from './api.js'
import { byId, h } from './dom.js'
import type { ClientReport } from './types.js'

export interface ReportView {
  refresh (): Promise<void>
}

/** The client report beside the journal: each finding's severity, kind, SID, entries and sentence. */
export function createReportView (onMessage: (text: string) => void): ReportView {
  const list = byId<HTMLUListElement>('report-findings')
  const empty = byId('report-empty')

  async function refresh (): Promise<void> {
    const report = await adminJson<ClientReport>('report')
    list.replaceChildren(...report.findings.map((finding) => h('li', { 'data-kind': finding.kind },
      h('span', { class: 'severity' }, finding.severity),
      h('code', {}, finding.kind),
      ' ',
      h('span', { class: 'sid' }, finding.sid ?? ''),
      ` (${finding.seqs.map((seq) => `#${seq}`).join(', ')}): `,
      finding.message)))
    empty.hidden = report.findings.length > 0
    empty.textContent = `No findings in ${report.analysed} journaled request(s).`
  }

  byId('report-refresh').addEventListener('click', () => {
    void refresh().catch((error: unknown) => onMessage(`Failed: ${(error as Error).message}`))
  })
  return { refresh }
}
