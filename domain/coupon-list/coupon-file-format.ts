/** A coupon list's format comes from its file name, as the person importing chose it. */
export type CouponFileFormat = 'csv' | 'xlsx';

export function couponFileFormat(fileName: string): CouponFileFormat {
  return fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
}
