#!/usr/bin/env python3
"""Generate the bundled demonstration dataset ``data/resources.csv``.

Everything is fictional except geography: organizations are invented, phone numbers use
the reserved 555-01XX range, web sites and e-mail use ``example.org``; ZIP codes and their
centroids are real (Baltimore metro, from the ``zipcodes`` package), and so are the street
names: each location is addressed by the ZIP its point lies nearest to and a street of that
ZIP (``scripts/demo_streets.py``), with an invented house number. The output is
deterministic: rerunning regenerates the same file byte for byte.

Usage: python scripts/generate_demo_dataset.py [OUTPUT_CSV]
"""

# Deliberate data-quality mistakes (the importer must report exactly these as warnings):
#   demo-L0106, demo-L0169   latitude and longitude swapped (lat ~ -76.x, lon ~ 39.x)
#   demo-L0388               lat 0, lon 0
#   demo-L0097, demo-L0593   malformed phone number (too few digits)
#   demo-L0141               last_verified "sometime in 2023" (not a date)
#   demo-L0107               needs include the unknown slug "dental" ("health;dental")
# The run prints the same list; update this block if the generator changes.
# Twelve further rows have blank lat/lon on purpose (the importer geocodes them by ZIP).

import csv
import io
import math
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import zipcodes
from demo_streets import parse_streets, read_table

from resource_directory.geo.distance import distance_km

SEED = 20261125
BLANK_COORDINATE_ROWS = 12
OUTPUT = Path(__file__).resolve().parent.parent / "data" / "resources.csv"
COLUMNS = (
    "listing_id,organization_id,organization,service_id,service,description,needs,location_id,"
    "location_name,address,city,state,zip,lat,lon,phone,website,email,hours,eligibility,"
    "languages,fees,accessibility,confidential,last_verified,accepting_referrals,capacity,capacity_updated"
).split(",")
# Organizations per archetype; an archetype picks the name ending and the service pool.
ORG_COUNTS = dict(food=25, housing=16, shelter=17, dv=5, transport=20, mh=22, su=11, fin=19)
ORG_COUNTS.update(health=13, legal=12, jobs=12, edu=10, child=12, multi=20, senior=10, vet=5)
TARGET_ROWS = 720  # further organizations are added until the file has at least this many rows
# Military bases, the airport and single-building ZIPs are not plausible service sites.
EXCLUDED_ZIPS = {"20755", "21005", "21233", "21240", "21287"}

# Phrase tables: ``key = a|b|c`` (indented lines continue the list); ``*N`` weights an item,
# an empty item means "leave the field blank". {county}, {zips}, {year} are filled in.
PHRASES = """
counties = Baltimore City*50|Baltimore County*23|Anne Arundel County*9|Howard County*8
  Harford County*8|Carroll County*6
needs = food|housing|shelter|transportation|mental-health|substance-use|financial-aid|health
  legal|employment|education|childcare
hubs = Towson|Dundalk|Essex|Catonsville|Parkville|Pikesville|Glen Burnie|Annapolis|Columbia
  Ellicott City|Laurel|Bel Air|Aberdeen|Edgewood|Havre De Grace|Westminster|Sykesville
hoods = 21201:Mount Vernon|21202:Downtown|21205:Middle East|21206:Frankford|21210:Roland Park
  21211:Hampden|21212:Govans|21213:Belair-Edison|21214:Hamilton|21215:Park Heights
  21216:Walbrook|21217:Sandtown-Winchester|21218:Waverly|21223:Pigtown|21224:Highlandtown
  21225:Brooklyn|21229:Irvington|21230:South Baltimore|21231:Fells Point|21239:Northwood
streets.Baltimore City = N Charles St|Greenmount Ave|York Rd|Eastern Ave|Pennsylvania Ave
  Liberty Heights Ave|W North Ave|E Monument St|Harford Rd|Belair Rd|Park Heights Ave
  Edmondson Ave|W Baltimore St|E Fayette St|Frederick Ave|Hanover St|Washington Blvd|Wilkens Ave
  Reisterstown Rd|Loch Raven Blvd|E 25th St|W 36th St|S Broadway|Patterson Park Ave
  Druid Park Dr|N Gay St|N Fulton Ave|Light St|W Franklin St|E Cold Spring Ln
streets.Baltimore County = York Rd|Frederick Rd|Reisterstown Rd|Liberty Rd|Merritt Blvd
  Eastern Blvd|Joppa Rd|Belair Rd|Harford Rd|Security Blvd|Old Court Rd|Dulaney Valley Rd
  Washington Ave|Bloomsbury Ave|Holabird Ave|Back River Neck Rd|Philadelphia Rd|Main St
streets.Anne Arundel County = Ritchie Hwy|Crain Hwy|Mountain Rd|West St|Forest Dr|Annapolis Rd
  Solomons Island Rd|Dorsey Rd|Aviation Blvd|Main St|Camp Meade Rd|Hammonds Ferry Rd
streets.Howard County = Little Patuxent Pkwy|Frederick Rd|Main St|Snowden River Pkwy
  Columbia Pike|Montgomery Rd|Washington Blvd|Old Annapolis Rd|Waterloo Rd|Cedar Ln
streets.Harford County = Main St|Philadelphia Blvd|Pulaski Hwy|Churchville Rd|Rock Spring Rd
  Conowingo Rd|Revolution St|Emmorton Rd|Belair Rd|Edgewood Rd
streets.Carroll County = Main St|Washington Rd|Baltimore Blvd|Liberty Rd|Hanover Pike
  Sykesville Rd|Littlestown Pike|Gorsuch Rd|Bond St
suites = , Suite 100|, Suite 204|, Ste 3B|, 2nd Floor|, Room 12|, Unit B|, Suite 310|, Rear
accessibility = Wheelchair accessible*36|Ramp at side entrance*10|Elevator to 2nd floor*8
  Not wheelchair accessible*6|ADA accessible restrooms*8|*32
places.Baltimore City = Druid Hill|Greenmount|Jones Falls|Waverly|Highlandtown|Fells Point
  Patterson Park|Clifton Park|Gwynns Falls|Leakin Park|Reservoir Hill|Remington|Charles Village
  Belair-Edison|Hollins Market|Federal Hill|Locust Point|Cherry Hill|Lauraville|Upton|Bolton Hill
  Mondawmin|Penn North|Carroll Park|Wyman Park|Harlem Park|Coldspring|Middle Branch|Stony Run
  Westport|Morrell Park|Ten Hills|Windsor Hills|Dickeyville|Butchers Hill|Barclay|Ednor
  Edmondson Village|Howard Park
places.Baltimore County = Loch Raven|Gunpowder|Patapsco Valley|Back River|Oregon Ridge|Honeygo
  Soldiers Delight|Stemmers Run|Herring Run|Bird River|Dulaney Valley|Cromwell Valley|Lake Roland
  Double Rock|Rocky Point|Red Run|Ridgely
places.Anne Arundel County = Severn River|Magothy|Sawmill Creek|Marley Creek|South River
  Bay Ridge|Broadneck|Spa Creek|Weems Creek|Quiet Waters|Severn Run
places.Howard County = Little Patuxent|Savage Mill|Centennial Lake|Middle Patuxent|Deep Run
  Wilde Lake|Long Reach|Oakland Mills|Rockburn
places.Harford County = Deer Creek|Bush River|Winters Run|Susquehanna|Bynum Run|Swan Creek
  Otter Point|Broad Creek
places.Carroll County = Piney Run|Big Pipe Creek|Sams Creek|Union Mills|Morgan Run|Parrs Ridge
  Hashawha|Liberty Ridge
places.any = Chesapeake|Blue Heron|Old Line|Black-Eyed Susan|Steady Ground|Osprey|Canvasback
  Skipjack|Bay Country|Terrapin Run
org.food = Community Pantry|Food Collaborative|Harvest Table|Food Share|Food Network
org.housing = Housing Partnership|Tenant Alliance|Home Repair Network|Housing Hub
org.shelter = Shelter Network|Night Shelter|Welcome House|Youth Haven
org.dv = Safe Haven|Women's Refuge|Family Safety Center|Survivor Network
org.transport = Ride Connection|Mobility Partners|Neighbor Rides|Transit Access
org.mh = Counseling Center|Behavioral Health|Wellness Collective|Peer Support Network
org.su = Recovery Collective|Recovery Center|Treatment Associates|Recovery Network
org.fin = Financial Empowerment Center|Assistance Fund|Benefits Access Project
org.health = Community Health Center|Health Clinic|Family Health Partners
org.legal = Legal Clinic|Legal Aid Project|Tenant Legal Clinic|Justice Project
org.jobs = Workforce Center|Career Pathways|Jobs Initiative|Employment Network
org.edu = Learning Center|Literacy Council|Adult Learning Project|Learning Exchange
org.child = Early Learning Center|Child Development Center|Kids Collaborative
org.multi = Family Services|Neighborhood Center|Community Partnership|Neighbors Network
org.senior = Senior Services|Aging Network|Senior Circle|Elder Care Partners
org.vet = Veterans Alliance|Veterans Outreach|Veterans Resource Center
locname = {area} Office|{area} Site|{area} Branch|{org} – {area}|{area} Center|{street} Site
  {area} Outreach Office
mailbox = info|intake|help|referrals|contact|frontdesk
languages = English*30|English, Spanish*26|English; Spanish; Korean*3
  Spanish interpretation available*7|English and ASL*3|English, Spanish, French*3
  English, Spanish; phone interpreters for others*6|English, Russian*2
  English, Spanish, Haitian Creole*2|English, Amharic, Tigrinya*2|*16
fee.f = Free*70|Free for eligible residents*15|*15
fee.p = Sliding scale*45|$5 copay*20|Free*15|Medicaid and most insurance accepted*10|*10
fee.r = $2 each way*35|Free*25|Suggested donation $2 per trip*15|$3.50 per ride*10|*15
extra.common = Call ahead to confirm hours.|Serving {county} since {year}.
  Referrals accepted from case managers and partner agencies.
  Please bring a photo ID and proof of address.|Intake is done over the phone; please call first.
extra.line = Calls are answered by trained staff and volunteers.
  If you are in immediate danger, call 911.|Interpretation is available in over 100 languages.
extra.pantry = Bring your own bags if you can.|First come, first served while supplies last.
  Please bring photo ID and proof of address on your first visit.|Serving {county} since {year}.
extra.meal = All are welcome; no registration needed.|Vegetarian option most days.
extra.class = Registration required; space is limited.|Classes are free; materials provided.
  Childcare is available during evening classes.
hours.office = Mon–Fri 9am–5pm|Monday-Friday 8:30 AM - 4:30 PM|Mon–Thu 8am–8pm, Fri 8am–noon
  Weekdays 9-5|Mon-Fri 8:00am-4:30pm|Mon–Fri 9:00–5:00; Sat 10–1|Call for hours
  Tue–Thu 10am–3pm|Monday–Friday, 9 a.m. to 4 p.m.
hours.pantry = Tuesdays 10:00–12:00|3rd Saturday 9–11am|Thursdays 5:30pm–7pm (closed holidays)
  Mon, Wed, Fri 1pm-4pm; Sat 10am-2pm|2nd and 4th Wednesday 4-6pm|Saturdays 9am–noon
  Tue & Thu 10am-1pm|Every other Friday 3–5pm|Call for hours
hours.meal = Daily 11:30am–1pm|Mon–Fri lunch 11:30-12:30|Breakfast 7-8:30am, Mon-Sat
  Sundays 4pm–6pm|Weekdays noon–1:30pm; Sat 9–10am
hours.always = 24/7|24 hours a day, 7 days a week|Open 24 hours|24/7, 365 days a year
hours.line = 24/7|24 hours a day, 7 days a week|Hotline 24/7; office Mon–Fri 9am–5pm
  Call or text 24/7
hours.shelter = Check-in 6pm–8pm nightly|Intake daily 5:00 PM - 7:00 PM|24/7
  Open 7pm–7am, November–March|Beds assigned at 6:30pm; doors close 9pm
hours.appt = By appointment|By appointment only, Mon–Fri|Mon–Fri 9am–5pm, by appointment
  Tue and Thu evenings by appointment|Call to schedule
hours.class = Tuesdays and Thursdays 6–8pm|Mon–Thu 9:30am–12:30pm|Saturdays 10am-1pm
  Wed 6:00-7:30 PM|Classes start monthly; call for schedule
hours.clinic = Mon–Fri 8am–5pm; Sat 9am–1pm|Monday-Friday 8:00 AM - 6:00 PM
  Mon, Tue, Thu 8:30–4:30; Wed 12–8|Walk-in Tue 9–noon, otherwise by appointment
hours.ride = Rides Mon–Fri 7am–6pm; book 48 hours ahead|Mon-Fri 8am-4pm (call 2 days ahead)
  Weekdays 6:30am–7pm, Sat 8am–3pm|Scheduling line Mon–Fri 9am–3pm
hours.childcare = Mon–Fri 6:30am–6pm|Monday-Friday 7:00 AM - 5:30 PM|School days 3pm–6pm
  Mon–Fri 2:30–6:30pm during the school year
hours.tax = Late January to April 15: Mon & Wed 5–8pm, Sat 9am–1pm
  Tax season: Tue–Thu 10am–6pm, by appointment|February–April, Saturdays 9–3
hours.group = Wednesdays 7pm|Mondays 6:30–8pm|1st and 3rd Thursday 6pm-7:30pm
  Daily 10am-2pm drop-in|Fri 12–1:30|2nd Saturday 10am–1pm
elig.general = No eligibility requirements|Open to all|Adults 18 and older|Must bring photo ID
  {county} residents|Residents of {county} only|
elig.income = Household income at or below 200% FPL|Income below $35,000 per year
  Low-income households; bring proof of income|Must live in ZIP codes {zips}
  {county} residents with income at or below 60% AMI
  Income at or below 150% of federal poverty guidelines
elig.senior = Seniors 60+|Seniors 62+ living in {county}|Age 65+ or disabled
  Adults 60 and older and adults with disabilities|Seniors 60+ in {county}
elig.youth = Youth 14–24|Ages 14-24|Young people ages 16–24|Unaccompanied youth under 25
elig.family = Families with children under 18|Pregnant women and new mothers
  Parents and caregivers of children 0–5|Families with children under 18 living in {county}
elig.homeless = People experiencing homelessness|Single adults experiencing homelessness
  Adults 18+ experiencing homelessness; no ID required|Men and women 18 and older
elig.homefam = Families experiencing homelessness|Families with children under 18
  Women and children|Parents with minor children who have nowhere to stay
elig.dv = Women and children|Survivors of domestic violence and their children
  Anyone experiencing intimate partner violence
elig.mh = Adults 18+ with a serious mental illness diagnosis|Adults 18 and older
  Children, teens and adults|Open to all; insurance not required|
elig.su = Adults 18+ with a substance use disorder|Adults 18 and older
  Anyone in recovery or seeking recovery|
elig.veteran = Veterans and their families|Veterans (any discharge status)
  Veterans and their families living in {county}
elig.crisis = Open to all|Anyone in crisis|No eligibility requirements|
elig.tax = Household income under $67,000|Households earning $64,000 or less
  Income under $67,000; bring photo ID and Social Security cards
elig.reentry = Adults returning from incarceration|Adults 18+ with a criminal record
  People with a Maryland criminal record
elig.tenant = Renters in {county}|Tenants facing eviction in {county}
  Renters with an eviction notice or court date|Tenants in {county} with income below 50% AMI
elig.uninsured = Uninsured adults 18–64|Uninsured or underinsured adults
  Adults without health insurance; income limits apply
elig.kids = Children in grades K–8|Students ages 5-12|Youth 6–17|Children and teens ages 4–18
elig.disability = Adults with disabilities|People with disabilities and seniors 65+
  Residents of {county} with a disability
elig.adult = Adults 18 and older|Adults 17+ not enrolled in school|Ages 18+
id_clause = ; must bring photo ID|; bring proof of address|. Photo ID required
"""

# Services. Header line: archetypes | name variants (;) | needs | hours | eligibility | fees;
# the indented lines below it are alternative descriptions (extras may be appended).
SERVICE_TABLE = """
food,multi|Food Pantry;Emergency Food Pantry;Client-Choice Food Pantry|food|pantry|general|f
  Client-choice pantry with canned goods, fresh produce, bread and frozen meat once a month.
  Households can receive a three-to-five day supply of groceries. Fresh produce when available.
food,multi|Hot Meals;Community Lunch;Soup Kitchen|food|meal|general|f
  Free hot lunch served cafeteria-style in our fellowship hall. No ID or sign-up needed.
  Volunteers cook a nutritious sit-down meal; take-out plates are available at the side door.
food,fin,multi|SNAP Enrollment Help;SNAP Application Assistance|food;financial-aid|office|income|f
  Staff help you apply for SNAP (food stamps), upload documents and prepare for the interview.
  Get help applying for or renewing SNAP benefits. Bring ID, proof of income and a recent bill.
food|Mobile Market;Mobile Produce Market|food|pantry|general|f
  Our refrigerated truck brings free fresh produce to neighborhoods far from a grocery store.
food,senior|Home-Delivered Meals;Meals for Homebound Seniors|food|office|senior|f
  Hot or frozen meals delivered weekdays to older adults who cannot shop or cook for themselves.
food,child|Weekend Backpack Program|food|pantry|family|f
  Kid-friendly, shelf-stable food sent home each Friday with students who rely on school meals.
food|Community Fridge|food|always|general|f
  Take what you need, leave what you can. The fridge is restocked daily by volunteers.
food,health|WIC Nutrition Services;WIC Clinic|food;health|clinic|family|f
  Healthy foods, breastfeeding support and nutrition counseling for moms and kids under 5.
food,senior|Senior Food Box;Senior Grocery Program|food|pantry|senior|f
  A monthly box of shelf-stable groceries, cheese and juice for income-eligible adults 60+.
food,edu|Cooking and Nutrition Classes;Healthy Cooking on a Budget|food|class|general|f
  Hands-on six-week cooking classes; participants take home a bag of groceries after each session.
food,transport,senior|Grocery Shuttle;Shopping Bus for Seniors|food;transportation|ride|senior|r
  Weekly van trips to a nearby supermarket for seniors without a car. Drivers help carry bags.
senior|Senior Center Lunch;Congregate Meals|food|meal|senior|f
  A hot lunch for adults 60+ with exercise classes and activities. Suggested donation $3.
housing,multi|Rapid Rehousing|housing|appt|homeless|f
  Short-term rent help and case management to move households from shelter into housing.
housing,legal|Tenant Counseling;Tenant Rights Counseling|housing|office|tenant|f
  Counselors explain your rights as a renter, help with repair disputes and review lease terms.
  Free advice for renters facing rent increases, unsafe conditions or an eviction notice.
housing,senior|Home Repair Program;Critical Home Repairs|housing|appt|senior|f
  Free repairs for older homeowners: roofs, furnaces, plumbing and accessibility changes.
  Volunteer crews and licensed contractors fix health and safety problems in owner-occupied homes.
housing|Housing Search Assistance;Housing Navigation|housing|office|income|f
  Housing navigators help you find affordable units, complete applications and talk to landlords.
housing,edu|Homebuyer Education;First-Time Homebuyer Workshops|housing|class|general|f
  An eight-hour HUD-approved course covering budgeting, credit, mortgages and closing costs.
housing,fin|Foreclosure Prevention Counseling|housing|appt|general|f
  HUD-certified counselors work with homeowners behind on their mortgage to avoid foreclosure.
housing,fin,multi|Eviction Prevention;Eviction Diversion|housing;financial-aid|office|tenant|f
  One-time help with back rent for tenants with a court date. Case managers work with landlords.
housing,vet|Veterans Housing Program|housing;financial-aid;mental-health|appt|veteran|f
  Helps homeless and at-risk veterans secure permanent housing, with case management and deposits.
housing,mh|Permanent Supportive Housing|housing;mental-health|appt|mh|f
  Subsidized apartments paired with on-site support for adults living with a disability.
housing,senior|Aging-in-Place Modifications;Accessibility Modifications|housing|appt|senior|f
  Grab bars, ramps, stair rails and bathroom changes so older adults can stay safely at home.
shelter|Emergency Shelter;Emergency Shelter for Adults;Overnight Shelter|shelter|shelter|homeless|f
  Overnight beds, dinner and breakfast for single adults. Lockers and showers on site.
  Low-barrier shelter for men and women; case managers help guests move into housing.
shelter|Family Shelter;Emergency Family Shelter|shelter|always|homefam|f
  Private rooms for families with children, meals, and help with school enrollment and housing.
shelter|Youth Shelter;Youth Drop-In and Shelter|shelter|always|youth|f
  Safe beds, meals and case management for young people who have nowhere to stay.
shelter|Code Blue Winter Shelter;Cold Weather Shelter|shelter|shelter|homeless|f
  Seasonal overnight shelter that opens on freezing nights from November through March.
shelter,multi|Day Center;Drop-In Day Center|shelter;food;health|office|homeless|f
  Showers, laundry, mail service, phone charging and a hot breakfast for people without housing.
shelter,housing|Transitional Housing;Transitional Housing Program|housing;shelter|appt|homeless|f
  Up to 24 months of housing with life-skills classes, savings support and employment help.
shelter|Street Outreach|shelter|office|homeless|f
  Outreach workers bring blankets, food and hygiene kits and help people move into shelter.
dv|Domestic Violence Shelter;Emergency Safe Shelter|shelter|always|dv|f
  Confidential emergency shelter for survivors of domestic violence and their children.
dv|24-Hour Domestic Violence Hotline;Domestic Violence Helpline|mental-health|line|crisis|f
  Call any time to talk with an advocate about safety planning, shelter and legal options.
dv,legal|Protective Order Advocacy;Legal Advocacy for Survivors|legal|office|dv|f
  Advocates help survivors file for protective orders and accompany them to court hearings.
dv|Counseling for Survivors;Trauma Counseling|mental-health|appt|dv|f
  Individual and group counseling for adults and children affected by domestic violence.
transport,health|Medical Rides;Non-Emergency Medical Transportation|transportation|ride|general|f
  Free rides to medical, dental and therapy appointments. Book at least 48 hours ahead.
  Wheelchair-accessible vans take Medical Assistance members to covered appointments.
transport,fin,jobs,multi|Bus Pass Assistance;Transit Pass Program|transportation|office|income|f
  Free or reduced-fare MTA bus passes for job seekers, students and people going to medical care.
transport,senior|Senior Paratransit;Door-to-Door Rides for Seniors|transportation|ride|senior|r
  Curb-to-curb van rides for adults 60+ to appointments, shopping and the senior center.
transport,senior|Volunteer Driver Program|transportation|ride|senior|f
  Screened volunteer drivers give older adults rides and wait with them at appointments.
transport,fin|Car Repair Assistance|transportation;financial-aid|appt|income|f
  Helps working families pay for car repairs needed to keep a job, up to $1,000 once per year.
transport,jobs|Rides to Work;Job Commute Shuttle|transportation|ride|general|r
  Early-morning and late-shift shuttle to warehouses and distribution centers near BWI.
transport|Travel Training|transportation|appt|disability|f
  One-on-one coaching for people with disabilities who want to ride buses and light rail alone.
transport,health|Dialysis and Cancer Treatment Rides|transportation|ride|general|f
  Round-trip rides for patients receiving dialysis, chemotherapy or radiation treatment.
vet|Rides to the VA Medical Center|transportation|ride|veteran|f
  Free van rides to VA medical appointments in Baltimore and Perry Point.
mh,multi|Outpatient Counseling;Individual and Family Counseling|mental-health|clinic|mh|p
  Licensed therapists treat depression, anxiety and trauma. Medicaid and most insurance accepted.
  Short-term and ongoing counseling for individuals, couples and families. Evening slots available.
mh|24/7 Crisis Line;Crisis Hotline|mental-health|line|crisis|f
  Trained counselors answer calls and texts around the clock for anyone in emotional distress.
mh|Peer Support Group;Peer Support Groups|mental-health|group|general|f
  Weekly peer-led groups for people living with mental health conditions. Drop in any time.
mh,child|Child and Adolescent Therapy;Youth Counseling|mental-health|appt|kids|p
  Play therapy and counseling for children and teens, with parent sessions included.
mh|Psychiatric Rehabilitation Program|mental-health|office|mh|p
  Day program building daily living, social and job skills for adults with serious mental illness.
mh|Mobile Crisis Team|mental-health|line|crisis|f
  Clinicians respond in person to mental health crises at home or in the community.
mh,senior|Grief Support Group;Bereavement Support|mental-health|group|general|f
  An eight-week support group for adults who have lost a loved one.
mh,vet|Veterans Peer Support|mental-health|group|veteran|f
  Veterans meet with trained peer mentors who have also served. Support for PTSD and transition.
senior|Caregiver Support;Caregiver Support Group|mental-health|group|general|f
  Support, respite referrals and practical tips for people caring for an aging or ill relative.
su|Outpatient Substance Use Treatment;Intensive Outpatient Program|substance-use|clinic|su|p
  Individual and group treatment for alcohol and drug use. Day and evening tracks available.
su,health|Opioid Treatment (MOUD);Buprenorphine Treatment|substance-use;health|clinic|su|p
  Same-day starts on buprenorphine with counseling. Walk-in intake most weekday mornings.
su,housing|Recovery Housing;Sober Living Residence|substance-use;housing|appt|su|p
  Certified recovery residences with house meetings, curfew and peer support. Weekly fee applies.
su,mh|Peer Recovery Coaching|substance-use|office|su|f
  Certified peer recovery specialists help you find treatment and stay connected after discharge.
su,health|Naloxone Training;Naloxone Training and Distribution|substance-use|group|general|f
  Learn to recognize and reverse an opioid overdose and leave with a free naloxone kit.
fin,housing,multi|Rent Assistance;Emergency Rental Assistance|financial-aid;housing|office|income|f
  One-time help with past-due rent for households facing eviction. Funding is limited.
  Pays up to two months of back rent directly to the landlord. Bring your lease and rent ledger.
fin,multi|Utility Assistance;Energy Assistance|financial-aid|office|income|f
  Help applying for energy assistance and paying overdue gas, electric or water bills.
  We help you apply for OHEP and EUSP energy grants and set up payment plans with BGE.
fin,multi|Free Tax Preparation (VITA);Free Tax Help|financial-aid|tax|tax|f
  IRS-certified volunteers prepare and e-file federal and Maryland returns at no cost.
fin,multi,senior|Benefits Screening;Benefits Check-Up|financial-aid|appt|general|f
  A one-hour screening for SNAP, Medicaid, energy assistance and other benefits you may qualify for.
fin,edu|Financial Coaching;One-on-One Financial Coaching|financial-aid|appt|general|f
  Free coaching on budgeting, credit repair, debt and savings goals.
fin|Emergency Financial Assistance;Emergency Assistance|financial-aid|office|income|f
  Small grants for urgent needs such as a security deposit, prescription or utility shut-off.
fin,health|Prescription Assistance|financial-aid;health|office|income|f
  Helps uninsured residents get medications through manufacturer programs and discount cards.
fin,senior|Medicare Counseling|financial-aid|appt|senior|f
  Unbiased counseling on Medicare plans, Extra Help and the Medicare Savings Programs.
vet|VA Benefits Claims Assistance|financial-aid|appt|veteran|f
  Accredited representatives help veterans file disability, pension and survivor claims.
health,multi|Primary Care;Sliding-Scale Primary Care|health|clinic|general|p
  Checkups, chronic disease care, vaccines and lab work for adults and children.
health|Community Dental Clinic;Dental Care|health|clinic|income|p
  Cleanings, fillings and extractions for adults and children; emergency slots each morning.
health|Free Clinic|health|clinic|uninsured|f
  Free primary care and medications for uninsured adults, staffed by volunteer doctors and nurses.
health,child|Prenatal Care|health|clinic|family|p
  Prenatal visits, ultrasound referrals and childbirth education. Medicaid and uninsured welcome.
health,fin|Health Insurance Enrollment|health;financial-aid|office|general|f
  Certified navigators help you enroll in Medicaid or a Maryland Health Connection plan.
health|HIV and STI Testing|health|clinic|general|f
  Free, confidential rapid HIV testing, STI screening and PrEP referrals. Results in 20 minutes.
health,shelter|Mobile Health Van|health|pantry|general|f
  A nurse practitioner offers blood pressure checks, vaccines and wound care from our van.
legal,housing|Eviction Defense;Tenant Legal Representation|legal;housing|office|tenant|f
  Attorneys represent tenants in rent court and help negotiate time to move or pay.
legal,jobs|Expungement Clinic;Record Expungement Help|legal;employment|group|reentry|f
  Volunteer lawyers review your Maryland court record and help file expungement petitions.
legal|Immigration Legal Services|legal|appt|general|p
  Consultations and representation for green cards, DACA renewals, asylum and citizenship.
legal|Family Law Assistance;Family Law Clinic|legal|appt|income|f
  Advice and help with forms for custody, child support and divorce cases without a lawyer.
legal,fin|Disability Benefits Appeals (SSI/SSDI)|legal|appt|general|f
  Help appealing denied SSI and SSDI claims. No fee unless back benefits are awarded.
legal,senior|Wills and Advance Directives|legal|appt|senior|f
  Free simple wills, powers of attorney and advance directives for older adults.
jobs,multi|Job Readiness Training;Job Readiness Workshop|employment|class|general|f
  A three-week course on interviewing, workplace skills and résumé writing, with job placement.
jobs|Resume and Job Search Help;Career Services|employment|office|general|f
  Drop in for help with résumés, online applications and interview practice.
jobs|Reentry Employment Services|employment|office|reentry|f
  Job coaching, transitional work and employer connections for people returning from prison.
jobs,edu|Skills Training;Occupational Skills Training|employment;education|class|income|f
  Tuition-free training for CNA, CDL, forklift and IT support jobs, with placement support.
jobs,child|Youth Employment Program;Summer Jobs for Youth|employment|office|youth|f
  Paid summer and after-school work experience for young people, plus money-skills workshops.
vet,jobs|Veterans Employment Services|employment|office|veteran|f
  Career counseling, translating military skills and connections to veteran-friendly employers.
edu,multi|GED Classes;Adult Education (GED Prep)|education|class|adult|f
  Free GED and National External Diploma Program preparation for adults.
edu|ESOL Classes;English Classes for Adults|education|class|general|f
  Beginner to advanced English classes for adult immigrants; placement test at registration.
edu,child|Tutoring;Homework Help|education|childcare|kids|f
  Volunteer tutors help students with reading, math and homework after school.
edu,senior|Digital Literacy Classes;Computer Basics|education|class|general|f
  Small classes on computers, email, smartphones and online applications. Laptops provided.
child,fin|Child Care Subsidy Help;Child Care Scholarships|childcare;financial-aid|office|family|f
  Help applying for a Child Care Scholarship and finding licensed providers that accept it.
child,edu|Pre-K Program;Early Learning Program|childcare;education|childcare|family|p
  Full-day program for 3- and 4-year-olds focused on school readiness, with meals included.
child,edu|After-School Program|childcare|childcare|kids|p
  Homework help, sports, arts and a hot snack for school-age children until 6pm.
child|Respite Child Care|childcare|appt|family|f
  Short-term child care so parents and caregivers can attend appointments or get a break.
child|Parenting Classes;Parenting Support Group|childcare|class|family|f
  Parenting classes for parents of young children; dinner and childcare provided.
child,health|Home Visiting for New Parents|childcare;health;education|appt|family|f
  Nurses and parent educators visit families from pregnancy until the child turns 3.
"""


def parse_phrases(text):
    raw = read_table(text)
    table = {}
    for key, value in raw.items():
        matches = [re.fullmatch(r"(.*?)(?:\*(\d+))?", item.strip()) for item in value.split("|")]
        table[key] = [(m[1], int(m[2] or 1)) for m in matches]
    return table


def options(key):
    return [text for text, _ in P[key]]


SERVICE_FIELDS = ("archetypes", "names", "needs", "hours", "eligibility", "fee")


def parse_services(text):
    types = []
    for line in text.strip("\n").splitlines():
        if line.startswith(" "):
            types[-1]["texts"].append(line.strip())
            continue
        stype = dict(zip(SERVICE_FIELDS, line.split("|"), strict=True), texts=[])
        assert set(stype["needs"].split(";")) <= set(options("needs")), line
        assert {f"hours.{stype['hours']}", f"elig.{stype['eligibility']}"} <= set(P), line
        types.append(stype)
    return types


P = parse_phrases(PHRASES)
SERVICE_TYPES = parse_services(SERVICE_TABLE)
NEIGHBORHOODS = dict(item.split(":") for item, _ in P["hoods"])


def pick(rng, key, county=None, **fields):
    """Weighted choice from a phrase table; entries naming {county} etc. need a county."""
    items = [(t, w) for t, w in P[key] if county or not re.search(r"{(county|zips)}", t)]
    text = rng.choices([t for t, _ in items], [w for _, w in items])[0]
    return text.format(county=county, **fields)


def load_zips():
    """Real, active, STANDARD ZIP codes per metro county: (zip, city, lat, lon, weight)."""
    by_county = {county: [] for county in options("counties")}
    hubs = set(options("hubs"))
    for z in zipcodes.filter_by(state="MD"):
        county = "Baltimore City" if z["county"].lower() == "baltimore city" else z["county"]
        if county not in by_county or z["zip_code_type"] != "STANDARD" or not z["active"]:
            continue
        if z["zip_code"] not in EXCLUDED_ZIPS:
            weight = 3 if z["zip_code"].startswith("212") or z["city"] in hubs else 1
            entry = (z["zip_code"], z["city"], float(z["lat"]), float(z["long"]), weight)
            by_county[county].append(entry)
    return {county: sorted(entries) for county, entries in by_county.items()}


def make_phone(rng, style):
    area = rng.choices(["410", "443", "667"], [60, 30, 10])[0]
    return style.format(a=area, n=f"01{rng.randint(0, 99):02d}")


def make_location(rng, ctx, org, index, county):
    entries = ctx["zips"][county]
    zip_code, city, zlat, zlon, _ = rng.choices(entries, [e[4] for e in entries])[0]
    street = pick(rng, f"streets.{county}")
    number = rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 9899)])
    address = f"{number} {street}" + (pick(rng, "suites") if rng.random() < 0.22 else "")
    # ZIP centroid plus a random offset of up to ~1.5 km
    distance, angle = 1.5 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    lat = zlat + distance * math.cos(angle) / 111.32
    lon = zlon + distance * math.sin(angle) / (111.32 * math.cos(math.radians(zlat)))
    area = NEIGHBORHOODS.get(zip_code, city)
    confidential = org["archetype"] == "dv" and index == 0
    if confidential:
        name = rng.choice(["Confidential Shelter Site", "Safe House (address confidential)"])
    elif index == 0 and rng.random() < 0.45:
        name = rng.choice(["Main Office", "Headquarters", org["name"], org["name"]])
    else:
        name = pick(rng, "locname", area=area, org=org["name"], street=street)
    if name in {loc["location_name"] for loc in org["locations"]}:
        name = f"{area} Site {index + 1}"
    ctx["location_seq"] += 1
    loc = dict(location_id=f"demo-P{ctx['location_seq']:03d}", location_name=name, state="MD")
    loc.update(address=address, city=city, zip=zip_code, lat=f"{lat:.6f}", lon=f"{lon:.6f}")
    loc.update(accessibility=pick(rng, "accessibility"), confidential="yes" if confidential else "")
    return dict(loc, county=county, phone=make_phone(rng, org["phone_style"]))


def make_org_name(rng, ctx, archetype, county):
    places = options(f"places.{county}") + options("places.any")
    while True:  # prefer the least-used place names so that few organizations share one
        fewest = min(ctx["places"].get(place, 0) for place in places)
        place = rng.choice([p for p in places if ctx["places"].get(p, 0) == fewest])
        name = f"{place} {pick(rng, f'org.{archetype}')}"
        if name not in ctx["names"]:
            ctx["names"].add(name)
            ctx["places"][place] = ctx["places"].get(place, 0) + 1
            break
    # domain: place words plus the first distinctive word of the ending
    ending = [w for w in name[len(place) :].split() if w.lower() not in {"community", "family"}]
    base = re.sub(r"[^a-z0-9]", "", (place + ending[0]).lower())
    slug = base
    while slug in ctx["domains"]:
        slug = f"{base}{len(slug) - len(base) + 2}"
    ctx["domains"].add(slug)
    return name, f"{slug}.example.org"


def make_description(rng, stype, county):
    text = rng.choice(stype["texts"])
    key = f"extra.{stype['hours']}" if f"extra.{stype['hours']}" in P else "extra.common"
    extras = []
    for _ in range(min(2 - text.count(". "), rng.choices([0, 1, 2], [45, 45, 10])[0])):
        extra = pick(rng, key, county, year=rng.randint(1968, 2019))
        if extra not in extras:
            extras.append(extra)
    return " ".join([text, *extras])


def nearby_zips(ctx, locations):
    """The service's ZIPs, topped up to three with the nearest ZIPs of the same county."""
    zips = sorted({loc["zip"] for loc in locations})
    entries = ctx["zips"][locations[0]["county"]]
    first = next(e for e in entries if e[0] == locations[0]["zip"])
    for entry in sorted(entries, key=lambda e: (e[2] - first[2]) ** 2 + (e[3] - first[3]) ** 2):
        if len(zips) < 3 and entry[0] not in zips:
            zips.append(entry[0])
    return ", ".join(sorted(zips))


def make_eligibility(rng, ctx, key, county, locations):
    if rng.random() < 0.07:
        return ""
    zips = nearby_zips(ctx, locations) if county else ""
    text = pick(rng, f"elig.{key}", county, zips=zips)
    if text and not re.search(r"ID|^No |^Open|^Anyone", text) and rng.random() < 0.1:
        text += pick(rng, "id_clause")
    return text


def make_service(rng, ctx, org, stype, locations):
    ctx["service_seq"] += 1
    counties = {loc["county"] for loc in locations}
    county = locations[0]["county"] if len(counties) == 1 else None
    name = rng.choice(stype["names"].split(";"))
    roll, path = rng.random(), re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    service = dict(service_id=f"demo-S{ctx['service_seq']:04d}", service=name, needs=stype["needs"])
    service["description"] = make_description(rng, stype, county)
    service["eligibility"] = make_eligibility(rng, ctx, stype["eligibility"], county, locations)
    service["fees"] = pick(rng, f"fee.{stype['fee']}")
    service["languages"] = pick(rng, "languages")
    service["website"] = (
        "" if roll > 0.83 else f"{org['website']}/{path}" if roll > 0.66 else org["website"]
    )
    service["email"] = f"{pick(rng, 'mailbox')}@{org['domain']}" if rng.random() < 0.75 else ""
    service["last_verified"] = verified_date(rng)  # service-level, like the other fields here
    return service


def assign_spans(rng, n_locations, n_services):
    """Location indexes each service is offered at (1-3); every location gets a service."""
    spans = [set() for _ in range(n_services)]
    for i, loc in enumerate(rng.sample(range(n_locations), n_locations)):
        spans[i % n_services].add(loc)
    for span in spans:
        many = n_locations > 1 and rng.random() > 0.65
        target = rng.randint(2, min(3, n_locations)) if many else 1
        while len(span) < target:
            span.add(rng.randrange(n_locations))
    return [sorted(span) for span in spans]


def verified_date(rng):
    start, end = (date(2025, 7, 1), date(2026, 11, 1))
    if rng.random() < 0.32:
        start, end = (date(2024, 1, 1), date(2025, 6, 30))
    return (start + timedelta(days=rng.randint(0, (end - start).days))).isoformat()


def make_org(rng, ctx, archetype):
    ctx["org_seq"] += 1
    home = ctx["homes"][ctx["org_seq"] % len(ctx["homes"])]
    name, domain = make_org_name(rng, ctx, archetype, home)
    scheme = rng.choices(["https://", "www.", "http://www."], [92, 4, 4])[0]
    style = rng.choices(["({a}) 555-{n}", "{a}-555-{n}", "{a}.555.{n}"], [50, 35, 15])[0]
    org = dict(name=name, archetype=archetype, domain=domain, phone_style=style, locations=[])
    org["website"] = f"{scheme}{domain}"
    pool = [t for t in SERVICE_TYPES if archetype in t["archetypes"].split(",")]
    if archetype == "dv":  # the shelter (first in its pool) sits alone at a confidential site
        n_services, n_locations = rng.choice([2, 3, 3]), rng.choice([1, 2, 2])
        chosen = [pool[0], *rng.sample(pool[1:], n_services - 1)]
        spans = [[0]] + [[n_locations - 1]] * (n_services - 1)
    else:
        n_services = min(len(pool), rng.choices(range(1, 7), [28, 32, 22, 10, 5, 3])[0])
        n_locations = min(3 * n_services, rng.choices(range(1, 5), [56, 27, 11, 6])[0])
        chosen = rng.sample(pool, n_services)
        spans = assign_spans(rng, n_locations, n_services)
    for index in range(n_locations):
        county = home if rng.random() < 0.75 else pick(rng, "counties")
        org["locations"].append(make_location(rng, ctx, org, index, county))
    rows = []
    for stype, span in zip(chosen, spans, strict=True):
        locations = [org["locations"][i] for i in span]
        service = make_service(rng, ctx, org, stype, locations)
        own_phone = make_phone(rng, style) if stype["hours"] == "line" else ""
        extension = not own_phone and rng.random() < 0.12
        ext = rng.choice([f" ext. {rng.randint(10, 45)}", f" x{rng.randint(200, 499)}"])
        for loc in locations:
            row = dict(organization_id=f"demo-O{ctx['org_seq']:03d}", organization=name)
            row.update(service, **{k: v for k, v in loc.items() if k in COLUMNS})
            row["phone"] = own_phone or loc["phone"] + (ext if extension else "")
            row["hours"] = pick(rng, f"hours.{stype['hours']}") if rng.random() > 0.05 else ""
            rows.append(row)
    return rows


def group_by(rows, column):
    groups = {}
    for row in rows:
        groups.setdefault(row[column], []).append(row)
    return groups


def blank_coordinates(rng, rows):
    """Blank lat/lon of whole locations until exactly BLANK_COORDINATE_ROWS rows are blank."""
    by_location = group_by(rows, "location_id")
    remaining = BLANK_COORDINATE_ROWS
    for location_id in rng.sample(sorted(by_location), len(by_location)):
        group = by_location[location_id]
        if len(group) <= remaining and not group[0]["confidential"]:
            for row in group:
                row["lat"] = row["lon"] = ""
            remaining -= len(group)
    assert remaining == 0


def inject_mistakes(rng, rows):
    """Apply the deliberate mistakes to distinct, otherwise clean rows; return their ids."""
    by_location, by_service = group_by(rows, "location_id"), group_by(rows, "service_id")
    solo = [r for r in rows if len(by_location[r["location_id"]]) == 1 and r["lat"]]
    swapped_a, swapped_b, zeroed = rng.sample([r for r in solo if not r["confidential"]], 3)
    for row in (swapped_a, swapped_b):
        row["lat"], row["lon"] = row["lon"], row["lat"]
    zeroed["lat"] = zeroed["lon"] = "0"
    used = [swapped_a, swapped_b, zeroed]
    # "dental" goes on a single-row health service, preferably a dental clinic
    health = [r for r in rows if r["needs"] == "health" and len(by_service[r["service_id"]]) == 1]
    dental = rng.choice([r for r in health if "Dental" in r["service"]] or health)
    dental["needs"] = "health;dental"
    used.append(dental)
    phone_a, phone_b = rng.sample([r for r in rows if r not in used and r["lat"]], 2)
    used += [phone_a, phone_b]
    single = [r for r in rows if len(by_service[r["service_id"]]) == 1 and r["lat"]]
    undated = rng.choice([r for r in single if r not in used])
    phone_a["phone"], phone_b["phone"] = "410-555-01", "(443) 555-014"
    undated["last_verified"] = "sometime in 2023"
    return {
        "latitude and longitude swapped": [swapped_a, swapped_b],
        "lat 0, lon 0": [zeroed],
        "malformed phone number (too few digits)": [phone_a, phone_b],
        'last_verified "sometime in 2023" (not a date)': [undated],
        'needs include the unknown slug "dental"': [dental],
    }


def generate():
    rng = random.Random(SEED)
    ctx = dict(zips=load_zips(), names=set(), places={}, domains=set())
    homes = [county for county, weight in P["counties"] for _ in range(weight)]
    ctx.update(org_seq=0, service_seq=0, location_seq=0, homes=rng.sample(homes, len(homes)))
    plan = [archetype for archetype, count in ORG_COUNTS.items() for _ in range(count)]
    rng.shuffle(plan)
    rows = [row for archetype in plan for row in make_org(rng, ctx, archetype)]
    while len(rows) < TARGET_ROWS:
        rows += make_org(rng, ctx, rng.choice([a for a in plan if a != "dv"]))
    for number, row in enumerate(rows, start=1):
        row["listing_id"] = f"demo-L{number:04d}"
    blank_coordinates(rng, rows)
    kept = address_by_point(rows, ctx["zips"])
    mistakes = inject_mistakes(rng, rows)
    add_availability(rows)
    return rows, mistakes, kept


def address_by_point(rows, zips_by_county):
    """Give every location the ZIP its point lies nearest to and a street of that ZIP.

    The point was drawn around one ZIP's centroid, but within 1.5 km it can be nearer a
    neighbour's, and the street came from a county-wide list. Runs after the draws (but
    before the deliberate coordinate mistakes, so it sees the true points) with a random
    generator per location, so every point and every other field stays as drawn
    (bench/quality/demo.json was judged against them). Returns the places left
    inconsistent because a name or an eligibility text may not change.
    """
    streets, kept, used = parse_streets(), [], set()
    zips = [(e, county) for county, entries in zips_by_county.items() for e in entries]
    info = {e[0]: (e, county) for e, county in zips}
    for location_id, group in group_by(rows, "location_id").items():
        first = group[0]
        if first["lat"]:
            lat, lon = float(first["lat"]), float(first["lon"])
            (zip_code, city, *_), county = min(
                zips, key=lambda z: distance_km(lat, lon, z[0][2], z[0][3])
            )
        else:  # no point: the importer places it at its ZIP's centroid, so the ZIP stays
            (zip_code, city, *_), county = info[first["zip"]]
        (_, old_city, *_), old_county = info[first["zip"]]
        texts = " ".join(row["eligibility"] for row in group)
        named = [first["zip"], zip_code] if zip_code != first["zip"] else []
        named += [old_city] if city != old_city else []
        named += [old_county] if county != old_county else []
        if any(re.search(rf"\b{re.escape(name)}\b(?! City| County)", texts) for name in named):
            kept.append((location_id, f"ZIP kept at {first['zip']} (nearest is {zip_code}): "
                         "the eligibility names it"))  # fmt: skip
            zip_code, city = first["zip"], old_city
        number, street, rest = re.fullmatch(r"(\d+) ([^,]+)(.*)", first["address"]).groups()
        ranges = {name: (low, high) for name, low, high in streets[zip_code]}
        rng = random.Random(f"{SEED}/{location_id}")
        if street not in ranges or not ranges[street][0] <= int(number) <= ranges[street][1]:
            if street not in ranges:
                # the address is where a client goes, so it follows the point even when
                # the (unchangeable) location name still mentions the drawn street
                if street in first["location_name"]:
                    kept.append((location_id, f"name still says {street}"))
                street = rng.choice(sorted(ranges))
            while True:
                number = str(rng.randint(*ranges[street]))
                if (number, street, zip_code) not in used:
                    break
        used.add((number, street, zip_code))
        for row in group:
            row.update(address=f"{number} {street}{rest}", city=city, zip=zip_code)
    return kept


def add_availability(rows):
    """Beds left at shelters, and a few services with a waiting list or not taking referrals.

    Drawn from a generator of its own, so the rest of the dataset (which the quality
    scenarios in bench/quality/demo.json were judged against) stays exactly as it was.
    """
    rng = random.Random(SEED + 1)
    for group in group_by(rows, "service_id").values():
        values = dict(accepting_referrals="", capacity="", capacity_updated="")
        roll = rng.random()
        if roll < 0.015:
            values["accepting_referrals"] = "closed"
        elif roll < 0.055:
            values["accepting_referrals"] = "waitlist"
        if "shelter" in group[0]["needs"].split(";"):
            values["capacity"] = str(rng.choice([0, 0, 1, 2, 3, 4, 6, 8, 12]))
            values["capacity_updated"] = (
                date(2026, 11, 24) - timedelta(days=rng.randint(0, 20))
            ).isoformat()
        for row in group:
            row.update(values)


def render(rows):
    """The CSV text of the rows (what ``main`` writes, and what the tests compare)."""
    text = io.StringIO()
    writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([row[column] for column in COLUMNS] for row in rows)
    return text.getvalue()


def main(argv):
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    rows, mistakes, kept = generate()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(rows), encoding="utf-8", newline="")
    organizations = len({row["organization_id"] for row in rows})
    print(f"Wrote {len(rows)} rows ({organizations} organizations) to {output}")
    print("Deliberate mistakes:")
    for label, bad_rows in mistakes.items():
        print(f"  {', '.join(row['listing_id'] for row in bad_rows):24} {label}")
    print("Left inconsistent because names and eligibility stay as drawn:")
    for location_id, reason in kept:
        print(f"  {location_id}  {reason}")


if __name__ == "__main__":
    main(sys.argv)
