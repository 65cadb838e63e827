"""Real streets of each ZIP code the demonstration dataset uses, with plausible house numbers.

``scripts/generate_demo_dataset.py`` gives every location a street from its ZIP's line, so
that a Baltimore reader sees "Greenmount Ave" in Waverly and "Main St" in Ellicott City,
not a street from across the county. House numbers are invented (the organizations are
fictional), but drawn from the range the street has inside that ZIP: Baltimore City
numbers run from Baltimore St (north/south) and Charles St (east/west), so "N Charles St
3100" is Charles Village and "N Charles St 300" Mount Vernon.

Sources: the streets come from general knowledge of the area, checked where possible
against the real Baltimore directory (CHARMcare, ../shared/data/real), which lists 1,473
street addresses with their ZIPs. Lines marked ``?`` are the least certain (small rural
places and the federal enclaves 21010 and 21402, where the drawn points happen to lie).

Format: ``ZIP = Street lo-hi|Street lo-hi|...``.
"""

STREETS = """
20723 = Washington Blvd 9000-10200|Whiskey Bottom Rd 8800-9800|Murphy Rd 8000-8600
20724 = Brock Bridge Rd 3000-3600|Laurel Fort Meade Rd 3000-3600|Red Clay Rd 300-500
20751 = Deale Rd 500-1000|Rockhold Creek Rd 5800-6200|Drum Point Rd 5600-6200 ?
20764 = Shady Side Rd 1000-1900|Columbia Beach Rd 4700-4900 ?
20777 = Highland Rd 5800-6600|Clarksville Pike 13000-13600 ?
20778 = Muddy Creek Rd 1-1200|W Bay Front Rd 100-1000 ?
20794 = Washington Blvd 7800-8800|Mission Rd 8500-8800|Dorsey Run Rd 8000-8700|Jessup Rd 7000-7900
21001 = N Philadelphia Blvd 1-1000|S Philadelphia Blvd 1-1000|W Bel Air Ave 1-1000
  E Bel Air Ave 1-500|N Parke St 1-300|Beards Hill Rd 900-1200
21010 = Hoadley Rd 1-5000|Wise Rd 1-5000 ?
21012 = Ritchie Hwy 1000-1600|College Pkwy 100-1000|Jones Station Rd 1-600|Peninsula Farm Rd 200-400
21014 = N Main St 1-600|S Main St 1-500|Churchville Rd 1-1000|N Hickory Ave 1-600
  Baltimore Pike 1-800|N Tollgate Rd 500-800
21015 = Emmorton Rd 1800-3000|Bel Air South Pkwy 1-2000|Plumtree Rd 1000-2000
  Thomas Run Rd 100-400|MacPhail Rd 1-1000
21017 = Philadelphia Rd 4300-4700|Brass Mill Rd 1200-1400|Pulaski Hwy 4000-4700
21028 = Churchville Rd 2200-3000|Glenville Rd 1-1500
21029 = Clarksville Pike 12000-12900|Trotter Rd 5800-6400|Linden Church Rd 12000-12500 ?
21034 = Darlington Rd 1-3000|Castleton Rd 1-2000|Shuresville Rd 1-2500 ?
21036 = Ten Oaks Rd 4000-4800|Green Bridge Rd 4000-5000 ?
21040 = Pulaski Hwy 1500-2200|Edgewood Rd 1-2000|Hanson Rd 1-1000|Willoughby Beach Rd 1-2000
  Brookside Dr 1900-2100
21042 = Baltimore National Pike 9000-10500|Centennial Ln 2800-4200|St Johns Ln 3000-4000
  Turf Valley Rd 2600-2900
21043 = Main St 8000-8600|Montgomery Rd 3000-5000|College Ave 4000-4500|N Ridge Rd 3000-3500
  Baltimore National Pike 8400-9000|Court House Dr 3400-3500|Frederick Rd 8600-9600
21044 = Little Patuxent Pkwy 10000-11100|Cedar Ln 5400-6100|Twin Rivers Rd 10000-10800
  Hickory Ridge Rd 10000-11000|Harpers Farm Rd 5800-6100|Governor Warfield Pkwy 10000-10300
  Freetown Rd 6400-6700
21045 = Red Branch Rd 9000-9300|Rumsey Rd 9000-9300|Twin Knolls Rd 5400-5700
  Old Annapolis Rd 9000-9500|Dobbin Rd 6000-6500|Tamar Dr 6000-6300|Thunder Hill Rd 5500-5900
  Waterloo Rd 5800-6200
21046 = Columbia Gateway Dr 7000-7300|Stevens Forest Rd 6300-6400|Guilford Rd 8000-9000
  Broken Land Pkwy 6000-8000
21048 = Baltimore Blvd 2400-3600|Old Westminster Pike 2400-3600
21050 = Rock Spring Rd 1800-2600|Jarrettsville Rd 1-2000|Industry Ln 100-300
21053 = Freeland Rd 1-1500|Old Freeland Rd 100-800 ?
21054 = Gambrills Rd 1-2000|Waugh Chapel Rd 1000-2000|Crain Hwy 1000-2000
21057 = Glen Arm Rd 11000-12500|Long Green Pike 11000-13000|Harford Rd 11000-12500 ?
21061 = Ritchie Hwy 6400-8200|Crain Hwy N 1-600|Crain Hwy S 100-600
  Baltimore Annapolis Blvd 7200-8000|Central Ave 1-200|Aquahart Rd 700-900
21074 = Main St 1-2000|S Carroll St 1000-1200|Hanover Pike 2800-4200
21075 = Washington Blvd 5600-7300|Montgomery Rd 5800-6500|Marshalee Dr 6000-6300
21078 = N Union Ave 1-900|S Union Ave 1-800|Revolution St 1-600|Congress Ave 100-800
  Pulaski Hwy 1000-1800|Otsego St 100-600
21082 = Hydes Rd 2000-3000|Long Green Pike 12000-13200|Harford Rd 11800-12800 ?
21084 = Jarrettsville Rd 3500-4000|Norrisville Rd 1-2000|Federal Hill Rd 1-2000 ?
21085 = Joppa Farm Rd 400-1000|Pulaski Hwy 1000-1600|Mountain Rd 300-1200
21090 = W Nursery Rd 800-1300|School Ln 100-400|Camp Meade Rd 100-800|Hammonds Ferry Rd 100-1000
21093 = York Rd 1500-2600|W Ridgely Rd 1-300|E Padonia Rd 1-300|Dulaney Valley Rd 1500-2400
  Greenspring Dr 1100-2000|Seminary Ave 1-1500
21102 = Main St 2800-3600|York St 2900-3200|Hanover Pike 3200-4000
21104 = Marriottsville Rd 1500-2500|Old Frederick Rd 2000-3000 ?
21111 = Monkton Rd 1-2000|Big Falls Rd 16500-17500|Jarrettsville Pike 14000-16500 ?
21113 = Annapolis Rd 1000-1500|Piney Orchard Pkwy 1-2000|Telegraph Rd 1000-2000|Odenton Rd 1-1500
21114 = Crofton Pkwy 1000-2400|Davidsonville Rd 1000-2000|Priest Bridge Dr 2000-2200
  Crain Hwy 1000-1800
21117 = Reisterstown Rd 9000-11500|Owings Mills Blvd 10000-11500|Red Run Blvd 10500-11000
  Painters Mill Rd 9000-10500|Lyons Mill Rd 9000-10500
21120 = York Rd 16500-19500|Mount Carmel Rd 1-1800|Middletown Rd 16500-20000 ?
21122 = Mountain Rd 100-4400|Ritchie Hwy 8000-8600|Fort Smallwood Rd 7800-8700
  Jumpers Hole Rd 8000-8600
21128 = Belair Rd 9500-10900|E Joppa Rd 4600-5400|Forge Rd 4000-4500
21131 = Jarrettsville Pike 3000-4000|Sweet Air Rd 3000-4000|Paper Mill Rd 1-1500
21132 = Pylesville Rd 1-3000|Fawn Grove Rd 1-3000 ?
21133 = Liberty Rd 8300-9700|Church Ln 8500-9200|Deer Park Rd 3000-4000
21136 = Main St 1-700|Reisterstown Rd 11400-12500|Franklin Blvd 1-500
21152 = York Rd 14000-15500|Sparks Rd 1-2500|Belfast Rd 1-2000
21154 = Rocks Rd 1-5000|Federal Hill Rd 1-3000 ?
21155 = Hanover Pike 14500-16500|Black Rock Rd 14000-16000 ?
21156 = Bradshaw Rd 7800-8600|Belair Rd 11500-12200|Franklinville Rd 11000-12500
21157 = E Main St 1-400|W Main St 1-400|Washington Rd 100-1300|Littlestown Pike 400-1200
  Sykesville Rd 1500-2000|N Court St 1-200|S Center St 200-500|Stoner Ave 100-300
21158 = Uniontown Rd 1-1500|New Windsor Rd 1-1500|Kriders Church Rd 100-300 ?
21160 = Whiteford Rd 1-3000|Harkins Rd 1-3000 ?
21161 = White Hall Rd 1-4000|Norrisville Rd 1-4000 ?
21162 = Philadelphia Rd 10000-11500|Pulaski Hwy 10000-11200|Ebenezer Rd 5000-6000
21163 = Woodstock Rd 1000-2500|Old Court Rd 10000-11000 ?
21201 = N Charles St 200-1300|Park Ave 200-1200|Cathedral St 300-1100|N Eutaw St 300-1100
  N Howard St 300-900|W Franklin St 100-600|W Mulberry St 100-600|W Fayette St 100-700
  W Baltimore St 100-600|W Preston St 100-300|Maryland Ave 1000-1800
21202 = N Calvert St 100-1400|St Paul St 100-1300|E Baltimore St 1-1200|E Fayette St 1-1200
  N Gay St 100-1100|Guilford Ave 1000-1800|Aisquith St 400-1800|N Central Ave 100-1200
  Fallsway 300-1300|E Chase St 1-900|E Monument St 1-1100|Light St 1-400
21204 = York Rd 100-1000|W Chesapeake Ave 1-600|Washington Ave 100-500|Bosley Ave 400-700
  W Pennsylvania Ave 1-500|N Charles St 6500-7000|W Joppa Rd 1-600
21205 = E Monument St 1800-3100|E Madison St 1800-3000|N Milton Ave 400-1500
  N Patterson Park Ave 400-1500|N Chester St 400-1100|N Linwood Ave 400-1100
  N Broadway 600-900|Edison Hwy 600-1300|N Caroline St 500-700
21206 = Belair Rd 4000-5800|Frankford Ave 3500-5900|Moravia Rd 3000-5000|Sinclair Ln 3500-4800
  Bowleys Ln 4500-6100|Parkside Dr 4000-5700|Cedonia Ave 4500-5700
21207 = Liberty Heights Ave 4400-7000|Gwynn Oak Ave 1500-3300|Security Blvd 6000-7100
  Woodlawn Dr 1500-2200|Forest Park Ave 3500-4300|N Rogers Ave 3400-4000
21208 = Reisterstown Rd 1000-1900|Old Court Rd 3400-4100|Milford Mill Rd 1-1200
  Sudbrook Ln 100-700|Walker Ave 1-300|Slade Ave 100-400
21209 = Falls Rd 4500-6300|Kelly Ave 1300-1700|Smith Ave 1200-2400|W Cold Spring Ln 1300-2300
  Greenspring Ave 5500-6300|W Northern Pkwy 1800-2700
21210 = N Charles St 4400-5700|Roland Ave 4000-5200|Falls Rd 4200-5200|W Cold Spring Ln 100-1000
  W Lake Ave 100-900|Wyndhurst Ave 100-700
21211 = W 36th St 700-1200|Falls Rd 3000-4100|Keswick Rd 3100-4100|Roland Ave 3300-3900
  Chestnut Ave 3300-3800|W 40th St 600-1200|Remington Ave 2600-3000|Huntingdon Ave 2600-3100
21212 = York Rd 4800-7200|Old York Rd 4300-4500|Woodbourne Ave 300-800|E Belvedere Ave 100-700
  E Northern Pkwy 100-900|Bellona Ave 5700-6600
21213 = E North Ave 1500-2800|Federal St 1400-3500|E Biddle St 1400-2900|N Broadway 1200-2100
  Belair Rd 2500-3900|Sinclair Ln 2000-3500|Erdman Ave 2800-3500|Edison Hwy 1500-2300
  Harford Rd 2000-3000
21214 = Harford Rd 4300-6400|Hamilton Ave 2800-3300|Echodale Ave 2800-3300|E Northern Pkwy 2000-3200
21215 = Park Heights Ave 3400-6900|Reisterstown Rd 3900-6700|W Belvedere Ave 2400-3500
  Liberty Heights Ave 2400-3600|W Northern Pkwy 2700-3900|Druid Park Dr 2600-3100
  Pimlico Rd 4000-5600
21216 = Garrison Blvd 2100-3300|W North Ave 2000-2900|Gwynns Falls Pkwy 2000-3300
  N Hilton St 1100-2200|Liberty Heights Ave 2900-3900|Windsor Ave 2800-3400
  Poplar Grove St 900-2000|N Dukeland St 1800-2900
21217 = Pennsylvania Ave 1300-2500|N Fulton Ave 800-2400|Druid Hill Ave 1100-2400
  McCulloh St 1300-2200|Eutaw Pl 1300-2200|W North Ave 400-1900|Park Ave 1300-2200
  W Lafayette Ave 700-1600|N Gilmor St 1000-1700
21218 = N Charles St 1800-3900|St Paul St 1800-3500|Greenmount Ave 2000-3900|E 25th St 1-1000
  E 33rd St 1-1100|Loch Raven Blvd 3400-4300|Harford Rd 2300-3300|Kirk Ave 2400-2900
  Maryland Ave 1800-2700|The Alameda 3100-3900|Old York Rd 3900-4200
21219 = North Point Rd 6700-7800|Sparrows Point Blvd 7800-8200 ?
21220 = Eastern Ave 9500-12000|Martin Blvd 100-900|Bird River Rd 9000-10000|Eastern Blvd 1900-2900
21221 = Eastern Blvd 400-1500|Back River Neck Rd 100-2000|Stemmers Run Rd 500-1000|Mace Ave 900-1300
21222 = Merritt Blvd 1400-2400|Wise Ave 7500-8100|Dunmanway 7600-7800|Holabird Ave 7000-7900
  North Point Blvd 1500-2600
21223 = W Baltimore St 800-2500|W Pratt St 800-2600|W Lombard St 800-2600|W Fayette St 900-2600
  W Franklin St 1500-3100|Edmondson Ave 1000-2600|Hollins St 1000-1800|Wilkens Ave 1200-2700
  Frederick Ave 2300-3400|N Fulton Ave 1-700
21224 = Eastern Ave 2500-7000|Boston St 2300-3800|O'Donnell St 2500-4000|Fleet St 2500-4000
  E Baltimore St 2500-4100|S Conkling St 100-1000|Bank St 2900-4000
21225 = S Hanover St 2800-3800|Potee St 3000-4000|E Patapsco Ave 1-1000|Cherry Hill Rd 1-900
  Ritchie Hwy 5000-5900|Belle Grove Rd 100-600
21226 = Pennington Ave 3500-4300|Curtis Ave 3500-4600
21227 = Washington Blvd 3300-5300|Annapolis Rd 3400-4100|Hollins Ferry Rd 2500-3700
  Sulphur Spring Rd 1000-1600|Benson Ave 3300-3700
21228 = Frederick Rd 600-6600|Bloomsbury Ave 1-300|N Rolling Rd 1-800|S Rolling Rd 1-1000
  Ingleside Ave 700-1300|Edmondson Ave 5500-6600
21229 = Edmondson Ave 3800-5300|Frederick Ave 3400-4300|Wilkens Ave 3000-4600
  S Caton Ave 500-1500|Baltimore National Pike 5000-5600|Wildwood Pkwy 600-1200
21230 = Light St 600-1600|S Charles St 600-1500|E Fort Ave 1-1700|S Hanover St 700-1600
  Washington Blvd 600-2600|W Ostend St 1-600|Annapolis Rd 2100-2800|Hollins Ferry Rd 2500-3100
  W Patapsco Ave 2300-3200
21231 = S Broadway 1-1000|Eastern Ave 1200-2400|Aliceanna St 1400-2000|Thames St 1600-1900
  Fleet St 1200-2400|S Ann St 100-900|E Fayette St 1500-2300|E Baltimore St 1500-2300
  E Pratt St 1500-2300
21234 = Harford Rd 7000-9900|Taylor Ave 1900-3000|Putty Hill Ave 2000-3000
  Cromwell Bridge Rd 1500-2000|E Joppa Rd 1900-2800
21236 = Belair Rd 7600-9600|Perry Hall Blvd 4000-5600|Honeygo Blvd 7800-8200
  Silver Spring Rd 4300-5200
21237 = Philadelphia Rd 7000-9300|Pulaski Hwy 7800-9000|Rossville Blvd 7000-7800
  Golden Ring Rd 7000-7400|Franklin Square Dr 9000-9200|King Ave 5000-5200
21239 = Loch Raven Blvd 4800-6800|The Alameda 4500-6100|E Cold Spring Ln 700-1800
  Perring Pkwy 5000-6400|Woodbourne Ave 1000-1700
21244 = Security Blvd 7000-7600|Lord Baltimore Dr 2600-3200|Liberty Rd 8000-8400
  Windsor Mill Rd 7000-7600|N Rolling Rd 1500-3700|Dogwood Rd 7000-7400|Milford Mill Rd 3000-3400
21286 = E Joppa Rd 100-1600|Taylor Ave 700-2200|Loch Raven Blvd 7000-8800|Hampton Ln 400-1000
  Providence Rd 1000-2000|E Towsontown Blvd 1-400|Goucher Blvd 1000-1600
21401 = West St 1-2000|Main St 1-250|Riva Rd 1000-2700|Jennifer Rd 100-300
  Admiral Cochrane Dr 100-200|Solomons Island Rd 1-200
21402 = Holloway Rd 1-300|Decatur Rd 1-300 ?
21403 = Forest Dr 1-2600|Bay Ridge Rd 100-1200|Severn Ave 100-700|Tyler Ave 600-1200
21405 = Sherwood Forest Rd 1-900 ?
21409 = College Pkwy 1000-1600|Broadneck Rd 1000-1600|Bay Head Rd 1000-1600|Cape St Claire Rd 1-1500
21412 = Riva Rd 2700-3300 ?
21723 = Frederick Rd 15000-16500|Roxbury Mills Rd 2000-3000 ?
21738 = Roxbury Mills Rd 2300-3500|Burntwoods Rd 2000-3000 ?
21776 = Main St 1-600|Church St 100-300|Sams Creek Rd 1-2000
21784 = Liberty Rd 1000-2000|Main St 7400-7700|Johnsville Rd 1000-2000|Obrecht Rd 1000-2000
21787 = E Baltimore St 1-300|W Baltimore St 1-300|Frederick St 1-300|York St 1-200
21791 = Main St 1-300 ?
21794 = Frederick Rd 12000-13200|Sykesville Rd 1000-2000 ?
21797 = Woodbine Rd 1-4000|Hoods Mill Rd 1-3000 ?
"""


def read_table(text: str) -> dict[str, str]:
    """{key: "item|item|…"} from "key = item|item" lines; an indented line goes on with the
    key above it."""
    raw: dict[str, str] = {}
    key = ""
    for line in text.strip("\n").splitlines():
        if line.startswith(" "):
            raw[key] += "|" + line.strip()
        else:
            key, value = line.split(" = ")
            raw[key] = value
    return raw


def parse_streets(text: str = STREETS) -> dict[str, list[tuple[str, int, int]]]:
    """{zip: [(street, lowest number, highest number), ...]} from the table above."""
    raw = read_table(text)
    table = {}
    for zip_code, value in raw.items():
        entries = []
        for item in value.split("|"):
            street, numbers = item.strip(" ?").rsplit(" ", 1)
            low, high = (int(n) for n in numbers.split("-"))
            assert 0 < low < high, item
            entries.append((street, low, high))
        table[zip_code] = entries
    return table
