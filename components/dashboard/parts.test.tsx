import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(cleanup);
import { DataTable, TABLE_FIRST_ROWS } from './parts';

describe('DataTable', () => {
  it('shows the first rows of a long table until asked for all, and exports every row', async () => {
    const rows = Array.from({ length: TABLE_FIRST_ROWS + 7 }, (_, i) => [`Promise ${i + 1}`, i] as const);
    const doc = document.implementation.createHTMLDocument('t');
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    render(<DataTable caption="Roadmap gaps" filename="gaps.csv" header={['Promise', 'N']} rows={rows} doc={doc} />);
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(TABLE_FIRST_ROWS + 1);
    expect(screen.getByText(`Showing the first ${TABLE_FIRST_ROWS} of ${rows.length}.`)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: /Export CSV/ }));
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    const csv = await blob.text();
    expect(csv).toContain(`Promise ${rows.length}`);

    await userEvent.click(screen.getByRole('button', { name: `Show all ${rows.length} rows of Roadmap gaps` }));
    expect(within(table).getAllByRole('row')).toHaveLength(rows.length + 1);
    expect(screen.queryByText(/Showing the first/)).toBeNull();
  });

  it('shows a short table whole', () => {
    render(<DataTable caption="Short" filename="s.csv" header={['A']} rows={[['x'], ['y']]} />);
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });
});
