package org.chaekieum.adapter.sip2;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.Message;

/** The screen messages in English, for kiosks configured with language en. */
@Localized("en")
public interface ScreenEn extends Screen {

    @Override
    @Message("Please log in first.")
    String loginRequired();

    @Override
    @Message("Checked out. Due {dueOn}.")
    String checkedOut(String dueOn);

    @Override
    @Message("This item is already on loan to you. Due {dueOn}.")
    String alreadyYours(String dueOn);

    @Override
    @Message("Returned.")
    String checkedIn();

    @Override
    @Message("Returned. This item belongs to library {library}: please put it in the transfer bin.")
    String checkedInElsewhere(String library);

    @Override
    @Message("Return accepted. The item will be sent to library {library}.")
    String checkedInKept(String library);

    @Override
    @Message("Renewed. New due date {dueOn}.")
    String renewed(String dueOn);

    @Override
    @Message("{renewed} renewed, {unrenewed} could not be renewed.")
    String renewedAll(int renewed, int unrenewed);

    @Override
    @Message("Suspended from borrowing until {until} (set by library {library}).")
    String suspendedUntil(String until, String library);

    @Override
    @Message("Suspended from borrowing. Please see the desk.")
    String suspended();

    @Override
    @Message("You have {count} of {cap} loans allowed nationwide. Please return an item first.")
    String nationalCap(Object count, Object cap);

    @Override
    @Message("You have {count} of {cap} loans allowed at this library.")
    String libraryCap(Object count, Object cap);

    @Override
    @Message("This item is already on loan. Please see the desk.")
    String itemOnLoan();

    @Override
    @Message("This item is not on loan.")
    String itemNotOnLoan();

    @Override
    @Message("This item belongs to another library; borrow it there.")
    String itemNotHeldHere();

    @Override
    @Message("You are not registered at this library. Please ask the desk to import your card (Chaekieum).")
    String importRequired();

    @Override
    @Message("Associate members cannot borrow. Please ask the desk to make you a full member.")
    String associate();

    @Override
    @Message("This card number cannot be used. Please see the desk.")
    String unknownPatron();

    @Override
    @Message("This card can no longer be used (withdrawn, expelled or merged). Please see the desk.")
    String memberNotActive();

    @Override
    @Message("Wrong password. Attempts left: {left}")
    String wrongPassword(Object left);

    @Override
    @Message("Wrong password.")
    String wrongPasswordNoCount();

    @Override
    @Message("Too many wrong passwords. Try again in {minutes} minutes or see the desk.")
    String passwordLocked(long minutes);

    @Override
    @Message("No card password is set for you at this library. Please see the desk.")
    String passwordNotSet();

    @Override
    @Message("This loan has no renewals left.")
    String noRenewalsLeft();

    @Override
    @Message("The barcode cannot be read. Scan again or see the desk.")
    String badBarcode();

    @Override
    @Message("The national center cannot be reached, so no loans now. Please try again shortly.")
    String nationalCapUnverifiable();

    @Override
    @Message("This cannot be done right now. Please try again shortly or see the desk.")
    String regionUnreachable();

    @Override
    @Message("This kiosk cannot do that. Please see the desk.")
    String notPermitted();

    @Override
    @Message("Not supported here. Please see the desk.")
    String notSupported();

    @Override
    @Message("Refused: {detail}")
    String refused(String detail);

    @Override
    @Message("Checked out under the limited offline rule. Due {dueOn}.")
    String checkedOutDegraded(String dueOn);
}
