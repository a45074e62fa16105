/** Names of the settings a directory and a region keep about the deployment itself. */

/** The owner account's SID, in the directory and in every region (so a lost directory can be rebuilt). */
export const OWNER_ACCOUNT_SETTING = "owner_account_sid";
/** A check value of the master key the data was sealed with; a different key refuses to open it. */
export const MASTER_KEY_CHECK_SETTING = "master_key_check";
