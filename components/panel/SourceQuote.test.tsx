import { render, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SourceQuote } from './SourceQuote';

const URL_ = 'https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000RnW26IAF/view';

describe('SourceQuote', () => {
  it('wraps a page title between words and a host after its dots, never mid-word', () => {
    const titled = within(
      render(<SourceQuote quote="We will build the SAP connector" url={URL_} title="Northwind Logistics | Salesforce" />).container,
    );
    const link = titled.getByRole('link');
    expect(link.getAttribute('href')).toBe(URL_);
    expect(link.textContent).toBe('Northwind Logistics | Salesforce');
    expect(link.className).not.toMatch(/break-all/);

    const bare = within(render(<SourceQuote url={URL_} />).container).getByRole('link');
    expect(bare.textContent).toBe('acme.lightning.force.com');
    expect(bare.querySelectorAll('wbr')).toHaveLength(3);
  });

  it('shows an address that is not a web link as text, markup included', () => {
    const { container } = render(<SourceQuote url={'javascript:alert(1)//<img src=x onerror=alert(2)>'} title="<img src=x onerror=alert(2)>" />);
    expect(within(container).queryByRole('link')).toBeNull();
    expect(within(container).getByText(/not a web link/).textContent).toContain('<img src=x onerror=alert(2)>');
    expect(container.querySelector('img')).toBeNull();
  });
});
