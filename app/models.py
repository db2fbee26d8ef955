"""Imports every capability's tables so that migrations and the shell see the whole schema."""
from app.accounts.models import Comment, Favourite, Rating, User  # noqa: F401
from app.catalog.models import Credit, Film, Genre, Person, film_genres  # noqa: F401
from app.funding.models import BudgetLine, Contribution, Project, ProjectFollower, ProjectUpdate, Reward  # noqa: F401
from app.payments.models import Payment, PaymentEvent  # noqa: F401
from app.watch.models import DailyView, Rendition, Viewing  # noqa: F401
from app.sms.models import SmsMessage  # noqa: F401
from app.studio.models import ProjectDocument, UploadSession  # noqa: F401
from app.creators.models import CreatorCheck  # noqa: F401
from app.admin.models import AuditEntry  # noqa: F401
from app.mail.models import EmailMessage  # noqa: F401
from app.ops.models import DailyReport, Incident  # noqa: F401
from app.teams.models import Invitation, ProjectCredit, TalentProfile  # noqa: F401
from app.talk.models import Conversation, ConversationBan, Message, MessageReport, TeamAnswerAlert  # noqa: F401
from app.contests.models import Ballot, Candidate, Contest  # noqa: F401
