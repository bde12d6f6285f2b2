/** Today's date in Japan, re-read every minute so a screen left open past midnight moves on. */

import { useEffect, useState } from 'react';
import { todayIn } from '../../../domain/calendar.ts';
import { japanTimeZone } from '../../../domain/vocabulary/terms.ts';

export function useToday(): string {
  const [today, setToday] = useState(() => todayIn(japanTimeZone));
  useEffect(() => {
    const timer = setInterval(() => setToday(todayIn(japanTimeZone)), 60_000);
    return () => clearInterval(timer);
  }, []);
  return today;
}
