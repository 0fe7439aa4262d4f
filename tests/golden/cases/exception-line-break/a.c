/* profilescan:allow
 */
int nationality;

/* profilescan:allow PS-NAT-001
   -- the register of births needs the field, as the law on it says
 */
int nationality_code;

/* A comment that explains the profilescan:allow syntax is not one:
 *   // profilescan:allow PS-NAT-001 -- an example in documentation
 */
int birth_country;

/* profilescan:allow PS-ORI-001 until
 * 2099-06-30 -- the date on the next line, after the comment's star
 */
int land_of_birth;
