/** What a staff account must look like: the hub's command line, its admin API and the desk's admin screen check the same. */

/** 3–64 letters, digits, dots, hyphens or underscores (after NFKC and trimming). */
export const staffLoginPattern = /^[a-z0-9._-]{3,64}$/i;
export const minPasswordLength = 10;
export const maxPasswordLength = 200;

export const normalizeLogin = (login: string): string => login.normalize('NFKC').trim();
