/**
 * The demo municipality: a fictional city, 青葉台市 in Saitama prefecture. Its code uses Saitama's
 * prefecture number (11) and a city number no real municipality has (299), with the check digit
 * computed by the national rule, so it passes every validation a real code does.
 */
import { municipalityCheckDigit } from '../municipality-code.ts';

const codeWithoutCheckDigit = '11299';

export const demoMunicipality = {
  code: `${codeWithoutCheckDigit}${municipalityCheckDigit(codeWithoutCheckDigit)}`,
  name: '青葉台市',
  nameKana: 'アオバダイシ',
  prefecture: '埼玉県',
  /** Landline area code used by the city's numbers (048-XXX-XXXX). */
  phoneAreaCode: '048',
} as const;

/** Whether a municipality code is the demo city's (fictional by construction, so never a real one's). */
export function isDemoMunicipality(code: string): boolean {
  return code === demoMunicipality.code;
}

/** 地区 of the city and the 町 in each, used for venue and resident addresses. */
export const demoAreas: ReadonlyArray<{ area: string; towns: readonly string[] }> = [
  { area: '中央地区', towns: ['本町', '仲町', '栄町', '中央'] },
  { area: '北地区', towns: ['北原', '緑が丘', '上野台', '北新田'] },
  { area: '南地区', towns: ['南町', '若葉', '曙町', '南台'] },
  { area: '東地区', towns: ['東町', '富士見', '旭町', '川向'] },
  { area: '西地区', towns: ['西町', '青葉台', '桜台', '宮下'] },
];

export function cityAddress(town: string, chome: number, ban: number, go: number): string {
  return `${demoMunicipality.prefecture}${demoMunicipality.name}${town}${chome}丁目${ban}-${go}`;
}
