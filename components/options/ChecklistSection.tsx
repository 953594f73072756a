import { useState } from 'react';
import { HandoffTemplateSchema, type HandoffTemplate } from '../../lib/core/domain/handoff';
import {
  addItem,
  addSection,
  archiveItem,
  moveItem,
  moveSection,
  renameSection,
  restoreItem,
  updateItem,
  validateForm,
} from '../../lib/core/settings/form';
import { Badge, Button } from '../ui';
import { Area, Check, ErrorsContext, FormError, Input, Lockable, Section, Status } from './fields';
import { useLock, useOptions, useSectionSave, useUnsaved } from './context';

export function ChecklistSection() {
  const { snapshot } = useOptions();
  const [t, setT] = useState<HandoffTemplate>(snapshot.settings.handoffTemplate);
  const [newItem, setNewItem] = useState<Record<string, string>>({});
  const [newSection, setNewSection] = useState('');
  const { errors, setErrors, status, submit } = useSectionSave('handoffTemplate');
  const [showArchived, setShowArchived] = useState(false);
  const lock = useLock('handoffTemplate');
  useUnsaved('checklist', 'Handoff checklist', JSON.stringify(t) !== JSON.stringify(snapshot.settings.handoffTemplate));

  async function onSave() {
    await submit(validateForm(HandoffTemplateSchema, t), 'Checklist saved.');
  }

  function onAddItem(sectionId: string) {
    const label = (newItem[sectionId] ?? '').trim();
    if (!label) return setErrors({ ...errors, [`new:${sectionId}`]: 'enter the question' });
    setT(addItem(t, sectionId, label));
    setNewItem({ ...newItem, [sectionId]: '' });
    setErrors({});
  }

  const archivedCount = t.sections.reduce((n, s) => n + s.items.filter((i) => i.archived).length, 0);

  return (
    <Section
      id="checklist"
      title="Handoff checklist"
      intro="Questions sales answers before handing an account to success. Removing a question archives it, so answers already given keep their meaning; archived questions can be restored."
    >
      <ErrorsContext.Provider value={errors}>
        <Lockable lock={lock}>
          <Input label="Checklist name" path="name" value={t.name} onChange={(e) => setT({ ...t, name: e.target.value })} />
          {archivedCount > 0 && (
            <Check label={`Show ${archivedCount} archived questions`} checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          )}
          {t.sections.map((s, si) => (
            <fieldset key={s.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
              <legend className="sr-only">{s.title}</legend>
              <div className="grid grid-cols-[1fr_auto] items-end gap-2">
                <Input
                  label={`Section ${si + 1} title`}
                  path={`sections[${si}].title`}
                  value={s.title}
                  onChange={(e) => setT(renameSection(t, s.id, e.target.value))}
                />
                <div className="flex gap-1">
                  <Button aria-label={`Move section ${s.title} up`} disabled={si === 0} onClick={() => setT(moveSection(t, s.id, -1))}>
                    ↑
                  </Button>
                  <Button
                    aria-label={`Move section ${s.title} down`}
                    disabled={si === t.sections.length - 1}
                    onClick={() => setT(moveSection(t, s.id, 1))}
                  >
                    ↓
                  </Button>
                </div>
              </div>
              <ol className="mt-2 space-y-2">
                {s.items.map((item, ii) =>
                  item.archived && !showArchived ? null : (
                    <li
                      key={item.id}
                      className={`rounded border p-2 ${item.archived ? 'border-dashed border-slate-300 opacity-75' : 'border-slate-200 dark:border-slate-700'}`}
                    >
                      <div className="flex items-center justify-between gap-2 text-xs text-slate-500 dark:text-slate-400">
                        <span>
                          id <code>{item.id}</code> {item.archived && <Badge tone="warn">archived</Badge>}
                        </span>
                        <span className="flex gap-1">
                          <Button aria-label={`Move "${item.label}" up`} disabled={ii === 0} onClick={() => setT(moveItem(t, item.id, -1))}>
                            ↑
                          </Button>
                          <Button
                            aria-label={`Move "${item.label}" down`}
                            disabled={ii === s.items.length - 1}
                            onClick={() => setT(moveItem(t, item.id, 1))}
                          >
                            ↓
                          </Button>
                          {item.archived ? (
                            <Button onClick={() => setT(restoreItem(t, item.id))}>Restore</Button>
                          ) : (
                            <Button variant="ghost" aria-label={`Remove "${item.label}"`} onClick={() => setT(archiveItem(t, item.id))}>
                              Remove
                            </Button>
                          )}
                        </span>
                      </div>
                      <Input
                        label="Question"
                        path={`sections[${si}].items[${ii}].label`}
                        value={item.label}
                        onChange={(e) => setT(updateItem(t, item.id, { label: e.target.value }))}
                      />
                      <Area
                        label="Help text"
                        path={`sections[${si}].items[${ii}].help`}
                        value={item.help ?? ''}
                        onChange={(e) => setT(updateItem(t, item.id, { help: e.target.value || undefined }))}
                      />
                      <Check
                        label="Required"
                        checked={item.required}
                        onChange={(e) => setT(updateItem(t, item.id, { required: e.target.checked }))}
                      />
                    </li>
                  ),
                )}
              </ol>
              <div className="mt-2 grid grid-cols-[1fr_auto] items-end gap-2">
                <Input
                  label="New question"
                  error={errors[`new:${s.id}`]}
                  value={newItem[s.id] ?? ''}
                  onChange={(e) => setNewItem({ ...newItem, [s.id]: e.target.value })}
                  onKeyDown={(e) => e.key === 'Enter' && onAddItem(s.id)}
                />
                <Button onClick={() => onAddItem(s.id)}>Add question</Button>
              </div>
            </fieldset>
          ))}
          <div className="grid grid-cols-[1fr_auto] items-end gap-2">
            <Input label="New section" value={newSection} onChange={(e) => setNewSection(e.target.value)} />
            <Button
              onClick={() => {
                if (!newSection.trim()) return;
                setT(addSection(t, newSection.trim()));
                setNewSection('');
              }}
            >
              Add section
            </Button>
          </div>
          <FormError />
          <div className="flex items-center gap-2">
            <Button variant="primary" onClick={() => void onSave()}>
              Save checklist
            </Button>
            {status && <Status>{status}</Status>}
          </div>
        </Lockable>
      </ErrorsContext.Provider>
    </Section>
  );
}
