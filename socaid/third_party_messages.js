// Messages of Django's admin scripts (date picker, two-list selector) that Django's Vietnamese catalogue lacks.
// Listed here so that makemessages -d djangojs puts them in our catalogue; no page loads this file.
gettext("Sunday"); gettext("Monday"); gettext("Tuesday"); gettext("Wednesday");
gettext("Thursday"); gettext("Friday"); gettext("Saturday");
gettext("Sun"); gettext("Mon"); gettext("Tue"); gettext("Wed"); gettext("Thur"); gettext("Fri"); gettext("Sat");
gettext("Choose all %s"); gettext("Choose selected %s"); gettext("Remove selected %s"); gettext("Remove all %s");
gettext('Choose %s by selecting them and then select the "Choose" arrow button.');
gettext('Remove %s by selecting them and then select the "Remove" arrow button.');
gettext("Type into this box to filter down the list of selected %s.");
gettext("(click to clear)");
ngettext("%s selected option not visible", "%s selected options not visible", 1);
