"""A small dealership for the CLI tests: VINs and the CSV text of its staff, customers and vehicles."""

#: VINs with a correct position-9 check digit (ISO 3779)
VIN1 = "L6T7D4KX1NN270743"
VIN2 = "LSGPC52U6AF102554"
VIN3 = "LFV3A23C1L3000001"
#: a well-formed VIN whose check digit is wrong (X expected)
VIN_BAD_CHECK = "LSVAU2180N2183294"

DEALER_STAFF = """\
code,name,role,team,daily_capacity
S01,张伟,consultant,sales,30
S02,李婷,consultant,sales,
A01,王强,advisor,service,25
M01,赵敏,manager,sales,
K01,孙丽,crm,service,40
"""

DEALER_CUSTOMERS = """\
customer_id,name,phone,stage,intent_level,grade,owner,advisor,created_on,do_not_contact,notes
C1,张三,13812345678,prospect,B,,S01,,2026-01-05,false,
C2,李四,13987654321,owner,,premium,S02,A01,2025-03-01,false,老客户
C3,王五,13711112222,owner,,general,S01,A01,2024-07-15,true,不要再打电话
"""

DEALER_VEHICLES = f"""\
vin,customer_id,model,plate,delivered_on,sold_here,warranty_ends_on,insurance_ends_on,inspection_due_on,usage
{VIN1},C2,星越L,浙A12345,2025-03-20,true,2028-03-20,2026-03-20,2027-03-20,normal
{VIN2},C3,博越,浙B54321,2024-08-01,false,2027-08-01,2025-08-01,2026-08-01,severe
"""
