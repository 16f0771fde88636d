# a code sample kept beside the page (include_relative)
for week in range(1, 4):
    print("week", week)
