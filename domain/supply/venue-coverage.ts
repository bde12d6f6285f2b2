/**
 * Whose residents a venue takes. A venue takes its own municipality's coupons unless the manager
 * names others: a prefecture's mass vaccination site takes several municipalities. A resident of
 * another municipality may still be vaccinated at a venue that takes such exceptions (住所地外接種:
 * staying away from home for hospital, care or work, with the notice the municipality accepted).
 */

export interface VenueCoverage {
  municipalityCode: string;
  /** Empty: the venue's own municipality only. */
  acceptedMunicipalityCodes: readonly string[];
  /** Residents of other municipalities with an accepted out-of-area notice are taken too. */
  outOfAreaByException: boolean;
}

/** The municipalities whose coupons the venue takes as a rule (its own when none are named). */
export function acceptedMunicipalities(venue: Omit<VenueCoverage, 'outOfAreaByException'>): string[] {
  const named = [...new Set(venue.acceptedMunicipalityCodes)].sort();
  return named.length > 0 ? named : [venue.municipalityCode];
}

/**
 * Whether the venue takes a coupon of `couponMunicipalityCode`; `outOfAreaNotice`: the resident's
 * out-of-area notice has been accepted (only counts where the venue takes such exceptions).
 */
export function venueTakesCoupon(
  venue: VenueCoverage,
  couponMunicipalityCode: string,
  outOfAreaNotice = false,
): boolean {
  if (acceptedMunicipalities(venue).includes(couponMunicipalityCode)) return true;
  return outOfAreaNotice && venue.outOfAreaByException;
}
