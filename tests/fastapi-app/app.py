"""A small pet shop in FastAPI, whose OpenAPI 3.1 document (openapi.json, written by FastAPI
itself) hcgen generates a client from. tests/tests/fastapi_app.rs serves it with uvicorn and
calls every endpoint once through the generated client.

What it exercises: pydantic v2 models with Optional fields, plain and discriminated unions,
Literals and Enums, nested models, list and dict fields, datetime, date, UUID and Decimal;
path, query and header parameters; a multipart file upload; several response codes with
their own models; FastAPI's own 422 validation error.

Its state is in memory: a fresh server starts with the pets of SEED.
"""

from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, Optional, Union
from uuid import UUID, uuid5

from fastapi import FastAPI, File, Form, Header, Path, Query, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, field_validator

app = FastAPI(
    title="hcgen FastAPI pet shop",
    version="1.0.0",
    description="The FastAPI application of hcgen's tests (tests/fastapi-app).",
)


class Status(str, Enum):
    """Where a pet is in the shop."""

    available = "available"
    reserved = "reserved"
    sold = "sold"


class Address(BaseModel):
    street: str
    city: str
    postcode: Optional[str] = None


class Owner(BaseModel):
    name: str
    email: Optional[str] = None
    address: Address
    phones: list[str] = []


class Cat(BaseModel):
    kind: Literal["cat"]
    lives_left: int = Field(ge=0, le=9)
    indoor: bool = True


class Dog(BaseModel):
    kind: Literal["dog"]
    breed: Optional[str] = None
    good_boy: bool


class Fish(BaseModel):
    kind: Literal["fish"]
    water: Literal["fresh", "salt"]


Species = Annotated[Union[Cat, Dog, Fish], Field(discriminator="kind")]


class PetIn(BaseModel):
    """A pet as the shop is told about it."""

    name: str = Field(min_length=1, max_length=40)
    species: Species
    status: Status = Status.available
    born: date
    price: Decimal
    tags: list[str] = []
    measurements: dict[str, float] = {}
    owner: Optional[Owner] = None
    microchip: Union[int, str, None] = None

    @field_validator("born")
    @classmethod
    def not_in_the_future(cls, born: date) -> date:
        # A rule the schema cannot say: the server answers 422 for a request that the
        # client's own checks let through.
        if born > date.today():
            raise ValueError("a pet cannot be born in the future")
        return born


class Pet(PetIn):
    """A pet as the shop keeps it."""

    id: UUID
    registered_at: datetime


class PetPage(BaseModel):
    items: list[Pet]
    total: int
    next_offset: Optional[int] = None


class NotFound(BaseModel):
    detail: str
    pet_id: UUID


class Conflict(BaseModel):
    detail: str
    existing_id: UUID


class Photo(BaseModel):
    pet_id: UUID
    filename: str
    content_type: Optional[str]
    size: int
    caption: Optional[str] = None


class StatusChange(BaseModel):
    status: Status
    reason: Literal["sale", "reservation", "return", "correction"]
    note: Optional[str] = None


class Stats(BaseModel):
    by_status: dict[str, int]
    by_kind: dict[str, int]
    average_price: Optional[Decimal]
    oldest: Optional[date]


class ApiVersion(BaseModel):
    name: str
    version: str
    server_time: datetime


NAMESPACE = UUID("5f3c1a62-0d5c-4a8e-9a43-2a1f6ad4c001")
REGISTERED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)

SEED = [
    Pet(
        id=uuid5(NAMESPACE, "tom"),
        registered_at=REGISTERED,
        name="Tom",
        species=Cat(kind="cat", lives_left=9),
        born=date(2020, 5, 17),
        price=Decimal("120.50"),
        tags=["grey", "calm"],
        measurements={"weight_kg": 4.2},
    ),
    Pet(
        id=uuid5(NAMESPACE, "rex"),
        registered_at=REGISTERED,
        name="Rex",
        species=Dog(kind="dog", breed="collie", good_boy=True),
        status=Status.reserved,
        born=date(2019, 1, 3),
        price=Decimal("300"),
        owner=Owner(name="Ann", address=Address(street="1 Main St", city="Leeds")),
        microchip=981020000123456,
    ),
]

PETS: dict[UUID, Pet] = {p.id: p for p in SEED}


def conflict(detail: str, existing_id: UUID) -> JSONResponse:
    return JSONResponse(
        status_code=409,
        content=Conflict(detail=detail, existing_id=existing_id).model_dump(mode="json"),
    )


def not_found(pet_id: UUID) -> JSONResponse:
    return JSONResponse(
        status_code=404,
        content=NotFound(detail="no such pet", pet_id=pet_id).model_dump(mode="json"),
    )


@app.get("/version", response_model=ApiVersion, tags=["meta"])
def get_version() -> ApiVersion:
    """The application's name and version."""
    return ApiVersion(name=app.title, version=app.version, server_time=datetime.now(timezone.utc))


@app.get("/pets", response_model=PetPage, tags=["pets"])
def list_pets(
    status: Optional[Status] = None,
    kind: Optional[Literal["cat", "dog", "fish"]] = None,
    tag: Annotated[list[str], Query()] = [],
    born_after: Optional[date] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PetPage:
    """Pets, filtered by status, kind, tags (all of them) and birth date."""
    found = [
        p
        for p in PETS.values()
        if (status is None or p.status == status)
        and (kind is None or p.species.kind == kind)
        and all(t in p.tags for t in tag)
        and (born_after is None or p.born > born_after)
    ]
    page = found[offset : offset + limit]
    more = offset + limit < len(found)
    return PetPage(items=page, total=len(found), next_offset=offset + limit if more else None)


@app.post(
    "/pets",
    response_model=Pet,
    status_code=201,
    responses={409: {"model": Conflict, "description": "A pet of that name exists"}},
    tags=["pets"],
)
def create_pet(
    pet: PetIn,
    x_request_id: Annotated[Optional[str], Header()] = None,
):
    """Registers a pet; its name must be new."""
    for existing in PETS.values():
        if existing.name == pet.name:
            return conflict(f"request {x_request_id}: a pet of that name exists", existing.id)
    created = Pet(id=uuid5(NAMESPACE, pet.name), registered_at=REGISTERED, **pet.model_dump())
    PETS[created.id] = created
    return created


@app.get(
    "/pets/{pet_id}",
    response_model=Pet,
    responses={404: {"model": NotFound}},
    tags=["pets"],
)
def get_pet(pet_id: Annotated[UUID, Path(description="The pet's ID.")]):
    """One pet."""
    if pet_id not in PETS:
        return not_found(pet_id)
    return PETS[pet_id]


@app.put(
    "/pets/{pet_id}/status",
    response_model=Pet,
    responses={404: {"model": NotFound}, 409: {"model": Conflict}},
    tags=["pets"],
)
def change_status(
    pet_id: UUID,
    change: StatusChange,
    if_match: Annotated[
        Optional[str], Header(description="The status the pet must have now.")
    ] = None,
):
    """Moves a pet to another status, optionally only from the one given in If-Match."""
    if pet_id not in PETS:
        return not_found(pet_id)
    pet = PETS[pet_id]
    if if_match is not None and if_match != pet.status.value:
        return conflict(f"the pet is {pet.status.value}", pet_id)
    PETS[pet_id] = pet.model_copy(update={"status": change.status})
    return PETS[pet_id]


@app.delete(
    "/pets/{pet_id}",
    status_code=204,
    responses={404: {"model": NotFound}},
    tags=["pets"],
)
def delete_pet(pet_id: UUID):
    """Removes a pet."""
    if PETS.pop(pet_id, None) is None:
        return not_found(pet_id)
    return None


@app.post(
    "/pets/{pet_id}/photo",
    response_model=Photo,
    responses={404: {"model": NotFound}},
    tags=["pets"],
)
async def upload_photo(
    pet_id: UUID,
    file: Annotated[UploadFile, File(description="The photo.")],
    caption: Annotated[Optional[str], Form()] = None,
):
    """Uploads a pet's photo (multipart); answers with what arrived."""
    if pet_id not in PETS:
        return not_found(pet_id)
    data = await file.read()
    return Photo(
        pet_id=pet_id,
        filename=file.filename or "",
        content_type=file.content_type,
        size=len(data),
        caption=caption,
    )


@app.get("/stats", response_model=Stats, tags=["meta"])
def get_stats() -> Stats:
    """Counts by status and kind, the average price and the oldest birth date."""
    pets = list(PETS.values())
    by_status: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for p in pets:
        by_status[p.status.value] = by_status.get(p.status.value, 0) + 1
        by_kind[p.species.kind] = by_kind.get(p.species.kind, 0) + 1
    return Stats(
        by_status=by_status,
        by_kind=by_kind,
        average_price=sum((p.price for p in pets), Decimal(0)) / len(pets) if pets else None,
        oldest=min((p.born for p in pets), default=None),
    )
