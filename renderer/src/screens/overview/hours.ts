/** '09:00' → '9:00': how opening hours are printed and said. */
export function displayTime(hhmm: string): string {
  return hhmm.replace(/^0(\d):/, '$1:');
}
