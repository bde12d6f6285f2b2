/** Today's date in Japan, re-read every minute so a screen left open past midnight moves on. */
import { useEffect, useState } from 'react';
import { todayIn } from '../../../domain/calendar.ts';

export const appTimeZone = 'Asia/Tokyo';

export function useToday(): string {
  const [today, setToday] = useState(() => todayIn(appTimeZone));
  useEffect(() => {
    const timer = setInterval(() => setToday(todayIn(appTimeZone)), 60_000);
    return () => clearInterval(timer);
  }, []);
  return today;
}
