import { defineUnlistedScript } from '#imports';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import type { PageFieldText } from '../../lib/core/sites/fields';
import { readRecordFields } from '../../lib/core/sites/page-fields';

/** What the background leaves in this isolated world just before running the script: the record it expects the page to show. */
const PAGE_FIELDS_REQUEST = 'seamlinePageFieldsRequest';

type Request = { href: string; record: Pick<CrmRecordRef, 'platform' | 'objectType' | 'kind'> };

const isRequest = (v: unknown): v is Request => {
  const r = v as Partial<Request> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.href === 'string' &&
    typeof r.record === 'object' &&
    r.record !== null &&
    ['platform', 'objectType', 'kind'].every((k) => typeof (r.record as Record<string, unknown>)[k] === 'string')
  );
};

// Injected into the CRM tab by the background only when a panel asks for the
// record's fields, so the field maps never load with the content script. The
// value returned is what executeScript hands back: text only, or null when
// the page no longer shows the record it was asked about.
export default defineUnlistedScript((): PageFieldText | null => {
  const g = globalThis as Record<string, unknown>;
  const request = g[PAGE_FIELDS_REQUEST];
  delete g[PAGE_FIELDS_REQUEST];
  if (!isRequest(request) || request.href !== location.href) return null;
  return readRecordFields(request.record, document);
});
