#!/usr/bin/env python3
"""Writes a payment list of N rows (default 1,000,000): BKASH/NAGAD/CASH, BDT 7,500 in 3 installments, unique ids."""
import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.argv[2] if len(sys.argv) > 2 else "list.csv"
random.seed(rows)
names = ["রহিমা খাতুন", "ফাতেমা বেগম", "Anwara Begum", "মালতী দাস", "Shirin Akter", "নূরজাহান বিবি"]
locations = [f"KCC Ward {w}" for w in range(1, 32)] + ["Batiaghata Union", "Jalma Union", "Gangarampur Union"]
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("beneficiary_id,full_name,national_id,channel,wallet_number,amount,installments,location,category\r\n")
    for i in range(rows):
        channel = ("BKASH", "NAGAD", "BKASH", "NAGAD", "CASH")[i % 5]
        # 013..019 prefixes, unique subscriber numbers
        wallet = "" if channel == "CASH" else "01%d%08d" % (3 + i % 7, i)
        nid = "%013d" % (1_000_000_000_000 + i)
        f.write(f"B{i:08d},{names[i % len(names)]},{nid},{channel},{wallet},7500,3,{locations[i % len(locations)]},widow\r\n")
