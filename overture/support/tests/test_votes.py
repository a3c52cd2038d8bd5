import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from overture.lib.errors import Refused
from overture.support.actions import Voter, record_vote, send_feedback
from overture.support.models import Article, Vote
from overture.support.visitors import COOKIE

pytestmark = pytest.mark.django_db

ARTICLE = "/help/articles/managing-interviews/"
VOTE = ARTICLE + "vote/"
FEEDBACK = ARTICLE + "feedback/"


@pytest.fixture
def article() -> Article:
    return Article.objects.get(slug="managing-interviews")


# Anonymous visitors, known by a signed cookie ----------------------------------


def test_a_visitor_votes_once_and_can_change_the_vote(client, article):
    response = client.post(VOTE, {"helpful": "yes"})
    assert response.status_code == 302
    assert response["Location"] == ARTICLE + "#helpful"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    vote = Vote.objects.get(article=article)
    assert vote.helpful is True
    assert vote.user is None
    assert vote.visitor_key

    response = client.post(VOTE, {"helpful": "no"})
    assert response["Location"] == ARTICLE + "#feedback"
    assert Vote.objects.filter(article=article).count() == 1
    vote.refresh_from_db()
    assert vote.helpful is False


def test_another_visitor_without_the_cookie_gets_a_vote_of_their_own(client, article):
    client.post(VOTE, {"helpful": "yes"})
    Client().post(VOTE, {"helpful": "no"})
    assert sorted(Vote.objects.filter(article=article).values_list("helpful", flat=True)) == [
        False,
        True,
    ]
    assert len(set(Vote.objects.values_list("visitor_key", flat=True))) == 2


def test_a_forged_visitor_cookie_is_ignored(client, article):
    client.post(VOTE, {"helpful": "yes"})
    victim_key = Vote.objects.get().visitor_key
    assert victim_key is not None
    forger = Client()
    forger.cookies[COOKIE] = victim_key  # the raw key, without a valid signature
    forger.post(VOTE, {"helpful": "no"})
    assert Vote.objects.get(visitor_key=victim_key).helpful is True
    assert Vote.objects.count() == 2


def test_the_cookie_is_set_only_when_someone_votes(client):
    response = client.get(ARTICLE)
    assert COOKIE not in response.cookies


# Signed-in people -----------------------------------------------------------------


def test_a_signed_in_person_votes_once_and_can_change_it(client, candidate, article):
    client.force_login(candidate.user)
    client.post(VOTE, {"helpful": "no"})
    client.post(VOTE, {"helpful": "yes"})
    client.post(VOTE, {"helpful": "yes"})
    vote = Vote.objects.get(article=article)
    assert vote.user == candidate.user
    assert vote.visitor_key is None
    assert vote.helpful is True


def test_the_database_refuses_a_second_vote_from_one_person(candidate, article):
    Vote.objects.create(article=article, user=candidate.user, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(article=article, user=candidate.user, helpful=False)
    Vote.objects.create(article=article, visitor_key="a" * 32, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(article=article, visitor_key="a" * 32, helpful=False)


def test_the_database_refuses_a_vote_with_no_voter_or_two(candidate, article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(article=article, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            article=article, user=candidate.user, visitor_key="b" * 32, helpful=True
        )


def test_votes_on_different_articles_are_separate(candidate, article):
    other = Article.objects.get(slug="declining-a-request")
    voter = Voter(user=candidate.user)
    record_vote(article, by=voter, helpful=True)
    record_vote(other, by=voter, helpful=False)
    assert Vote.objects.filter(user=candidate.user).count() == 2


# The "Send feedback" box ----------------------------------------------------------


def test_the_feedback_box_appears_only_after_no(client):
    page = client.get(ARTICLE).content.decode()
    assert "Did you find it helpful?" in page
    assert "Send feedback" not in page

    client.post(VOTE, {"helpful": "yes"})
    assert "Send feedback" not in client.get(ARTICLE).content.decode()

    client.post(VOTE, {"helpful": "no"})
    page = client.get(ARTICLE).content.decode()
    assert '<label for="id_feedback">Send feedback</label>' in page
    assert 'aria-pressed="true">No</button>' in page


def test_feedback_is_stored_with_the_no_vote(client, article):
    client.post(VOTE, {"helpful": "no"})
    response = client.post(FEEDBACK, {"feedback": "  It doesn't say how to undo a decline.  "})
    assert response.status_code == 302
    vote = Vote.objects.get(article=article)
    assert vote.helpful is False
    assert vote.feedback == "It doesn't say how to undo a decline."
    page = client.get(ARTICLE).content.decode()
    assert "Your feedback was sent" in page


def test_empty_feedback_is_refused_with_a_message(client, article):
    client.post(VOTE, {"helpful": "no"})
    response = client.post(FEEDBACK, {"feedback": "   "})
    assert response.status_code == 400
    assert "Write a few words about what was missing." in response.content.decode()
    assert Vote.objects.get(article=article).feedback == ""


def test_feedback_over_the_limit_is_refused(client, article):
    response = client.post(FEEDBACK, {"feedback": "x" * 2001})
    assert response.status_code == 400
    assert not Vote.objects.filter(article=article).exists()


def test_feedback_sent_without_a_vote_counts_as_no(article):
    vote = send_feedback(article, by=Voter(visitor_key="c" * 32), text="Too long.")
    assert vote.helpful is False
    with pytest.raises(Refused):
        send_feedback(article, by=Voter(visitor_key="c" * 32), text=" ")


def test_a_bad_vote_is_answered_400_and_changes_nothing(client):
    response = client.post(VOTE, {"helpful": "maybe"})
    assert response.status_code == 400
    assert "Choose Yes or No." in response.content.decode()
    assert not Vote.objects.exists()


def test_voting_needs_post(client):
    assert client.get(VOTE).status_code == 405
    assert client.get(FEEDBACK).status_code == 405


def test_an_unknown_or_unpublished_article_is_404(client, article):
    assert client.get("/help/articles/no-such-thing/").status_code == 404
    Article.objects.filter(pk=article.pk).update(is_published=False)
    assert client.get(ARTICLE).status_code == 404
    assert client.post(VOTE, {"helpful": "yes"}).status_code == 404


# Staff see helpfulness and feedback ----------------------------------------------


def test_staff_see_helpfulness_and_feedback_per_article(client, staff, article, candidate):
    record_vote(article, by=Voter(user=candidate.user), helpful=True)
    record_vote(article, by=Voter(visitor_key="d" * 32), helpful=False)
    send_feedback(article, by=Voter(visitor_key="d" * 32), text="Where is the ended list?")
    record_vote(article, by=Voter(visitor_key="e" * 32), helpful=False)
    client.force_login(staff)

    listing = client.get("/admin/support/article/").content.decode()
    row = listing[listing.index("Managing your interviews") :]
    row = row[: row.index("</tr>")]
    assert '<td class="field-yes_votes">1</td>' in row
    assert '<td class="field-no_votes">2</td>' in row
    assert "33% of 3" in row
    assert '<td class="field-feedback_count">1</td>' in row

    page = client.get(f"/admin/support/article/{article.pk}/change/").content.decode()
    assert "Where is the ended list?" in page
    assert "A visitor (not signed in)" in page

    feedback = client.get("/admin/support/vote/?feedback=yes").content.decode()
    assert "Where is the ended list?" in feedback


def test_others_cannot_see_feedback_in_the_staff_console(client, candidate, article):
    send_feedback(article, by=Voter(visitor_key="f" * 32), text="Secret-ish feedback")
    client.force_login(candidate.user)
    for url in (
        "/admin/support/article/",
        f"/admin/support/article/{article.pk}/change/",
        "/admin/support/vote/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
