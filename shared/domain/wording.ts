/** How a number of days reads in an email or a terminal: "3 days overdue", "due today", "due in 1 day". */
export function daysInWords(days: number): string {
  if (days === 0) return 'due today';
  if (days < 0) return `${-days} day${days === -1 ? '' : 's'} overdue`;
  return `due in ${days} day${days === 1 ? '' : 's'}`;
}
