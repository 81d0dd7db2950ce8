/**
 * The SSD columns, table by table, as SSD spec v1.4.5 names them (data-to-insight/ssd-data-model
 * `data/objects/<table>.yml`), plus events.csv: the one list the converter reads its columns from (a misspelt
 * column is a type error), that the synthetic generators write (in this order) and the test fixtures use.
 * Only the columns the product reads or writes are listed; an extract may hold more (they are ignored).
 */
export const SSD_COLUMNS = {
  ssd_person: [
    'pers_legacy_id',
    'pers_person_id',
    'pers_sex',
    'pers_gender',
    'pers_ethnicity',
    'pers_dob',
    'pers_forename',
    'pers_surname',
    'pers_expected_dob',
    'pers_death_date',
    'pers_nationality',
  ],
  ssd_cla_episodes: [
    'clae_cla_episode_id',
    'clae_person_id',
    'clae_cla_episode_start_date',
    'clae_cla_episode_start_reason',
    'clae_cla_primary_need_code',
    'clae_cla_episode_ceased_date',
    'clae_cla_episode_ceased_reason',
    'clae_cla_id',
    'clae_referral_id',
    'clae_cla_placement_id',
    'clae_entered_care_date',
    'clae_cla_last_iro_contact_date',
  ],
  ssd_legal_status: [
    'lega_legal_status_id',
    'lega_person_id',
    'lega_legal_status',
    'lega_legal_status_start_date',
    'lega_legal_status_end_date',
  ],
  ssd_cla_placement: [
    'clap_cla_placement_id',
    'clap_cla_id',
    'clap_person_id',
    'clap_cla_placement_start_date',
    'clap_cla_placement_type',
    'clap_cla_placement_urn',
    'clap_cla_placement_distance',
    'clap_cla_placement_provider',
    'clap_cla_placement_postcode',
    'clap_cla_placement_end_date',
    'clap_cla_placement_change_reason',
  ],
  ssd_cla_reviews: [
    'clar_cla_review_id',
    'clar_cla_id',
    'clar_cla_person_id',
    'clar_cla_review_due_date',
    'clar_cla_review_date',
    'clar_cla_review_cancelled',
    'clar_cla_review_participation',
  ],
  ssd_cla_visits: [
    'clav_cla_visit_id',
    'clav_cla_id',
    'clav_person_id',
    'clav_cla_visit_date',
    'clav_cla_visit_seen',
    'clav_cla_visit_seen_alone',
  ],
  ssd_cla_health: [
    'clah_health_check_id',
    'clah_person_id',
    'clah_health_check_type',
    'clah_health_check_date',
    'clah_health_check_status',
  ],
  ssd_care_leavers: [
    'clea_table_id',
    'clea_person_id',
    'clea_care_leaver_eligibility',
    'clea_care_leaver_in_touch',
    'clea_care_leaver_latest_contact',
    'clea_care_leaver_accommodation',
    'clea_care_leaver_accom_suitable',
    'clea_care_leaver_activity',
    'clea_pathway_plan_review_date',
    'clea_care_leaver_personal_advisor',
    'clea_care_leaver_allocated_team',
    'clea_care_leaver_worker_id',
  ],
  ssd_involvements: [
    'invo_involvements_id',
    'invo_professional_id',
    'invo_professional_role_id',
    'invo_professional_team',
    'invo_person_id',
    'invo_involvement_start_date',
    'invo_involvement_end_date',
    'invo_worker_change_reason',
    'invo_referral_id',
  ],
  ssd_missing: [
    'miss_table_id',
    'miss_person_id',
    'miss_missing_episode_start_date',
    'miss_missing_episode_type',
    'miss_missing_episode_end_date',
    'miss_missing_rhi_offered',
    'miss_missing_rhi_accepted',
  ],
  ssd_sdq_scores: ['csdq_table_id', 'csdq_person_id', 'csdq_sdq_completed_date', 'csdq_sdq_reason', 'csdq_sdq_score'],
  events: ['person_id', 'event', 'date'],
} as const;

export type ColumnTable = keyof typeof SSD_COLUMNS;
/** A column of one table. */
export type ColumnOf<T extends ColumnTable> = (typeof SSD_COLUMNS)[T][number];
/** Any column of any table. */
export type SsdColumn = ColumnOf<ColumnTable>;
