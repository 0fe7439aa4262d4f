// Objective-C: interfaces, properties, instance variables and methods.
@interface Applicant {
	int _nationalityCode;
}
@property int countryOfBirth;
- (int)isForeigner;
+ (instancetype)applicantWithPostcode:(const char *)postcode;
@end

@implementation Applicant
- (int)isForeigner { return _nationalityCode != 528; }
+ (instancetype)applicantWithPostcode:(const char *)postcode { (void)postcode; return 0; }
@end
