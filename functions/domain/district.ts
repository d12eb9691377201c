/** A kabupaten/kota of Sulawesi Selatan, keyed by its Kemendagri code (docs/domain.md "Districts"). */
export interface District {
  code: string;
  bpsCode: string;
  kind: 'kabupaten' | 'kota';
  name: string;
  population: number;
  areaKm2: number;
  /** Leading commodities (potensi komoditi unggulan), lower case; editable sample data. */
  leadingCommodities: string[];
  /** Where outcome mails about the district's proposals go (its industry office); editable by admins. */
  contactEmails?: string[] | undefined;
}

/** Province-level focus named by the provincial government (docs/domain.md "Districts"). */
export interface ProvinceReference {
  /** KIID focus: commodities whose processing the province develops. */
  kiidCommodities: string[];
  /** The office's six leading industries. */
  leadingIndustries: string[];
}
