const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** Whether `person` may approve or reject an ICP exception: anyone while no approver is named. */
export function mayDecideApproval(approvers: readonly string[], person: string): boolean {
  return approvers.length === 0 || approvers.some((a) => same(a, person));
}
