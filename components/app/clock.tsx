import { createContext, useContext, type ReactNode } from 'react';

// "Today" is injectable so due dates, SLAs and "days to go" are testable and
// every card on screen agrees on the same moment.
const NowContext = createContext<Date | null>(null);

export function NowProvider({ now, children }: { now: Date; children: ReactNode }) {
  return <NowContext.Provider value={now}>{children}</NowContext.Provider>;
}

export function useNow(): Date {
  return useContext(NowContext) ?? new Date();
}
